// Lint output formats: text for people, GitHub annotations that cannot be hijacked, SARIF valid against 2.1.0.
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { loadPlaybookText } from '../../src/engine/load.js';
import { lintPlaybook, type LintFileResult } from '../../src/review/lint/lint.js';
import { formatLintGithub } from '../../src/review/lint/format/github.js';
import { formatLintSarif } from '../../src/review/lint/format/sarif.js';
import { formatLintText } from '../../src/review/lint/format/text.js';
import { formatLintJson } from '../../src/review/lint/format/json.js';
import { translator } from '../../src/i18n/index.js';
import { reviewCatalog } from '../../src/i18n/review.js';
import { withoutWorkflowCommands } from '../../src/review/github.js';

const source = `name: risky
title: "Clean up ::error::x"
params:
  key: { secret: true, default: abc }
  dir: { default: /srv }
steps:
  - id: wipe
    run: rm -rf {{dir}}
`;

function results(): LintFileResult[] {
  const loaded = loadPlaybookText('runbooks/risky.yaml', source, { lang: 'en' });
  return [{ file: 'runbooks/risky.yaml', findings: lintPlaybook(loaded, { lang: 'en' }), invalid: false }];
}

describe('lint formats', () => {
  it('text: file:line:col, severity, message, rule, hint and docs page, then counts', () => {
    const text = formatLintText(results(), translator(reviewCatalog, 'en'));
    expect(text).toContain('runbooks/risky.yaml:8:10  error  `rm -rf` in step `wipe` has neither a confirmation gate before it nor a rollback  [destructive-without-gate]');
    expect(text).toContain('    docs: docs/lint/destructive-without-gate.md');
    expect(text.trimEnd().split('\n').pop()).toBe('3 error(s), 2 warning(s) in 1 file(s)');
  });

  it('json: findings and counts', () => {
    const json = JSON.parse(formatLintJson(results())) as { errors: number; warnings: number; findings: { rule: string }[] };
    expect(json.errors).toBe(3);
    expect(json.findings.map((f) => f.rule)).toContain('secret-with-default');
  });

  it('github: one annotation line per finding, with escaped properties', () => {
    const lines = formatLintGithub(results()).trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => /^::(error|warning) file=runbooks\/risky\.yaml,line=\d+,col=\d+/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('secret-with-default'))).toMatch(/^::error file=runbooks\/risky\.yaml,line=4,col=\d+,.*title=runbook lint%3A secret-with-default::secret parameter `key` has a default/);
  });

  it('github: text from a playbook cannot start a workflow command of its own', () => {
    const hostile: LintFileResult[] = [
      {
        file: 'a,b:c.yaml',
        invalid: false,
        findings: [{ rule: 'x', severity: 'error', message: 'bad\n::add-mask::secret\r\n::error::owned 100%', file: 'a,b:c.yaml', line: 1, col: 1 }],
      },
    ];
    const out = formatLintGithub(hostile);
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
    // The message's own line breaks are a value's: shown as ␤ (test/cli/one-line-diagnostics.test.ts).
    expect(out).toBe('::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=runbook lint%3A x::bad␤::add-mask::secret\\x0d␤::error::owned 100%25\n');
  });

  it('free text in a workflow log is fenced by stop-commands', () => {
    const out = withoutWorkflowCommands('::add-mask::x\n', 'tok');
    expect(out).toBe('::stop-commands::tok\n::add-mask::x\n::tok::\n');
  });

  it('sarif: valid against the SARIF 2.1.0 schema, with rules and regions', () => {
    const require = createRequire(import.meta.url);
    const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
    // ajv-draft-04 is CommonJS: its class is the default export's `default`.
    const Ajv = (AjvDraft04 as unknown as { default: typeof AjvDraft04.default }).default;
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const log = JSON.parse(formatLintSarif(results(), '0.1.0')) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[]; tool: { driver: { rules: { id: string }[] } } }[];
    };
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toContain('raw-template');
    expect(run.results.find((r) => r.ruleId === 'destructive-without-gate')?.locations[0]?.physicalLocation.region.startLine).toBe(8);
  });
});
