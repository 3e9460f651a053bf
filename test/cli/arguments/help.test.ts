// --help agrees with parsing: every option a command's parser reads is in its help (both languages), and the values
// help lists for an option (what completion offers) are the ones parsing accepts.
import { describe, expect, it } from 'vitest';
import { DIFF_FORMATS } from '../../../src/cli/arguments/diff.js';
import { LINT_FORMATS } from '../../../src/cli/arguments/lint.js';
import { LIST_FORMATS } from '../../../src/cli/arguments/list.js';
import { PLAN_FORMATS } from '../../../src/cli/arguments/plan.js';
import { OUTPUT_MODES } from '../../../src/cli/arguments/run-options.js';
import { commands } from '../../../src/cli/commands.js';
import { usageOptions, usageValues } from '../../../src/cli/usage-options.js';
import { DIAGNOSTIC_FORMATS } from '../../../src/ui/diagnostics.js';

const choices: Record<string, Record<string, readonly string[]>> = {
  validate: { '--format': DIAGNOSTIC_FORMATS },
  plan: { '--format': PLAN_FORMATS },
  list: { '--format': LIST_FORMATS },
  lint: { '--format': LINT_FORMATS },
  diff: { '--format': DIFF_FORMATS },
  play: { '--output': OUTPUT_MODES },
  resume: { '--output': OUTPUT_MODES },
};

const ctx = { lang: 'en', env: {}, cwd: '/' } as const;

describe('--help and the arguments layer', () => {
  for (const [name, options] of Object.entries(choices)) {
    it(`${name}: the values --help lists are the ones parsing accepts`, async () => {
      const { command } = await commands[name]!.load();
      for (const [option, values] of Object.entries(options)) {
        for (const lang of ['en', 'zh-CN'] as const) expect(usageValues(command.usage[lang], option), `${option} ${lang}`).toEqual([...values]);
      }
    });
  }

  for (const [name, entry] of Object.entries(commands)) {
    it(`${name}: its arguments are parsed, and every option --help names is one the parser knows`, async () => {
      const { command } = await entry.load();
      expect(command.parse, 'defined with defineCommand and a parser of src/cli/arguments/').toBeDefined();
      for (const option of usageOptions(command.usage.en)) {
        // Alone: a flag is read, an option that takes a value misses it; neither is "unknown".
        const problems = command.parse!([option], ctx).diagnostics ?? [];
        expect(problems.map((p) => p.message).join('\n'), option).not.toMatch(/unknown option/);
      }
      expect(command.parse!(['--definitely-not-an-option'], ctx).diagnostics?.[0]?.message ?? '(none)').toMatch(name === '__complete' ? /\(none\)/ : /unknown option --definitely-not-an-option/);
    });
  }
});
