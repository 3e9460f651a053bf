// The options of play and resume are defined once: the same parse, the same output modes in parsing, --help and completion.
import { describe, expect, it } from 'vitest';
import { parsePlay } from '../../../src/cli/arguments/play.js';
import { parseResume } from '../../../src/cli/arguments/resume.js';
import { OUTPUT_MODES, RUN_OPTIONS_HELP } from '../../../src/cli/arguments/run-options.js';
import { commands } from '../../../src/cli/commands.js';
import { usageValues } from '../../../src/cli/usage-options.js';

const ctx = { lang: 'en', env: {}, cwd: '/' } as const;
const shared = ['-p', 'a=1', '--param', 'b=x=y', '-y', '--home', 'h', '--output', 'json', '-q'];

describe('the run options of play and resume', () => {
  it('are read alike by both commands', () => {
    const expected = { params: { a: '1', b: 'x=y' }, yes: true, home: 'h', output: 'json', quiet: true };
    expect(parsePlay(['pb.yaml', ...shared], ctx).args).toMatchObject(expected);
    expect(parseResume(['last', ...shared], ctx).args).toMatchObject(expected);
    const defaults = { params: {}, yes: false, home: undefined, output: 'auto', quiet: false };
    expect(parsePlay(['pb.yaml'], ctx).args).toMatchObject(defaults);
    expect(parseResume(['last'], ctx).args).toMatchObject(defaults);
  });

  it('take the output modes auto, ink, plain and json, and say so when given another', () => {
    expect(OUTPUT_MODES).toEqual(['auto', 'ink', 'plain', 'json']);
    for (const output of OUTPUT_MODES) expect(parsePlay(['pb.yaml', '--output', output], ctx).args?.output).toBe(output);
    expect(parsePlay(['pb.yaml', '--output', 'tty'], ctx).diagnostics).toEqual([{ message: 'play: --output must be one of auto, ink, plain, json; got "tty"' }]);
    expect(parseResume(['last', '--output', 'tty'], { ...ctx, lang: 'zh-CN' }).diagnostics).toEqual([{ message: 'resume：--output 必须是 auto, ink, plain, json 之一；收到的是 "tty"' }]);
  });

  it('--help of both commands lists those modes, so completion offers them', async () => {
    for (const name of ['play', 'resume']) {
      const { command } = await commands[name]!.load();
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(usageValues(command.usage[lang], '--output'), `${name} ${lang}`).toEqual([...OUTPUT_MODES]);
        for (const line of Object.values(RUN_OPTIONS_HELP[lang])) expect(command.usage[lang]).toContain(line);
      }
    }
  });
});
