// The invalid-playbook corpus: `runbook validate <case>` must print exactly the reviewed golden text of each case.
// The golden files are test/golden/cli/validate/<case>.<lang>.txt; regenerate with `npm run golden`, then review the diff.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPath, listCases, renderCase } from '../fixtures/playbooks/golden.mjs';

const cases = listCases();

describe('invalid playbook corpus', () => {
  it('has a golden file for every case', () => {
    expect(cases.length).toBeGreaterThan(30);
    for (const name of cases) expect(() => readFileSync(expectedPath(name), 'utf8'), name).not.toThrow();
  });

  for (const name of cases) {
    // Concurrent tests take `expect` from their context, so each file snapshot belongs to its own test.
    it.concurrent(name, async ({ expect }) => {
      const actual = await renderCase(name);
      await expect(actual).toMatchFileSnapshot(expectedPath(name));
      expect(actual).toContain('exit code: 2\n');
      expect(actual).not.toMatch(/internal error|at .*\.js:\d+/);
    });
  }
});
