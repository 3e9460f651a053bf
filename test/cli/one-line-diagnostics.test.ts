// A key, id, name, value or file name quoted in a diagnostic stays on the diagnostic's line (`␤`) in `validate`,
// `lint` and `plan`, in English and Chinese; the JSON formats keep the raw text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-one-line-diag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each value's second half would start a line of its own if printed as written. */
const playbook = [
  'name: many',
  'title: Many',
  'params:',
  '  "pa\\nram": { type: string }',
  'steps:',
  '  - id: a',
  '    run: "true"',
  '    "bad\\nkey\\u001b[31mRED": 1',
  '  - id: "x\\ny"',
  '    run: "true"',
  '',
].join('\n');
const file = join(dir, 'many.yaml');
writeFileSync(file, playbook);
/** A file name with a line break: the `file:line:col` and the headline keep it on their line. */
const oddFile = join(dir, 'odd\nname.yaml');
writeFileSync(oddFile, 'name: odd\nsteps:\n  - id: a\n    rn: "true"\n');

/** The halves after each value's break: none may begin a line. */
const SECOND_HALVES = /^(ram|key|y`|name\.yaml)/;

function linesOf(text: string): string[] {
  return text.split('\n');
}

describe('a value quoted in a diagnostic', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`stays on its line in runbook validate (${lang})`, async () => {
      const { code, stdout } = await runbook(['validate', file, '--lang', lang]);
      expect(code).toBe(2);
      const lines = linesOf(stdout);
      expect(lines.filter((l) => SECOND_HALVES.test(l))).toEqual([]);
      const key = lines.find((l) => l.includes('bad␤key␛[31mRED'));
      expect(key).toMatch(lang === 'en' ? /^\S+many\.yaml:8:5: error: unknown key `bad␤key␛\[31mRED` in step `a`$/ : /^\S+many\.yaml:8:5: 错误：步骤 `a` 中有未知的键 `bad␤key␛\[31mRED`$/);
      expect(lines.some((l) => /many\.yaml:4:3: .*`pa␤ram`/.test(l))).toBe(true);
      expect(lines.some((l) => /many\.yaml:9:9: .*`x␤y`/.test(l))).toBe(true);
    });

    it(`stays on its line in the GitHub annotations of runbook validate and lint (${lang})`, async () => {
      for (const command of ['validate', 'lint']) {
        const { stdout } = await runbook([command, file, '--lang', lang, '--format', 'github']);
        const annotations = linesOf(stdout).filter((l) => l.startsWith('::'));
        expect(annotations.join('\n')).toContain('bad␤key');
        // The annotation's own break between message and hint stays one (%0A); a value's is not one.
        expect(annotations.join('\n')).not.toMatch(/bad%0Akey|pa%0Aram|x%0Ay/);
        expect(stdout).not.toContain('\u001b');
      }
    });

    it(`stays on its line in runbook lint (${lang})`, async () => {
      const { code, stdout } = await runbook(['lint', file, '--lang', lang]);
      expect(code).toBe(2);
      const lines = linesOf(stdout);
      expect(lines.filter((l) => SECOND_HALVES.test(l))).toEqual([]);
      expect(lines.some((l) => /many\.yaml:8:5 .*`bad␤key\\x1b\[31mRED`/.test(l))).toBe(true);
    });

    it(`keeps a file name on its line in validate, lint and plan (${lang})`, async () => {
      const validate = await runbook(['validate', oddFile, '--lang', lang]);
      const lint = await runbook(['lint', oddFile, '--lang', lang]);
      const plan = await runbook(['plan', oddFile, '--lang', lang]);
      for (const result of [validate, lint, plan]) expect(result.code).toBe(2);
      for (const out of [validate.stdout, lint.stdout, plan.stderr]) {
        expect(out).toContain('odd␤name.yaml:4:5');
        expect(linesOf(out).filter((l) => SECOND_HALVES.test(l))).toEqual([]);
      }
      // `runbook: <file>: 1 error`, the headline of plan's refusal, is one line too.
      expect(linesOf(plan.stderr)[0]).toMatch(/^runbook: \S*odd␤name\.yaml(: 1 error|：1 个错误)$/);
    });
  }

  it('stays on its line in runbook plan', async () => {
    const { code, stderr } = await runbook(['plan', file]);
    expect(code).toBe(2);
    expect(linesOf(stderr).filter((l) => SECOND_HALVES.test(l))).toEqual([]);
    expect(stderr).toContain('unknown key `bad␤key␛[31mRED` in step `a`');
  });

  it('is kept raw by the JSON formats', async () => {
    const validate = JSON.parse((await runbook(['validate', file, '--format', 'json'])).stdout) as { message: string }[];
    expect(validate.map((d) => d.message)).toContain('unknown key `bad\nkey\u001b[31mRED` in step `a`');
    const lint = JSON.parse((await runbook(['lint', file, '--format', 'json'])).stdout) as { findings: { message: string }[] };
    expect(lint.findings.some((f) => f.message.includes('bad\nkey\u001b[31mRED'))).toBe(true);
  });
});
