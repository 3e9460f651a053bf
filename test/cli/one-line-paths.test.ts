// A path typed on the command line, quoted in an error that is not a diagnostic (a missing playbook, a saved plan
// that cannot be read, an inventory or a Markdown file to import), stays on the message's line (`␤`): a path with a
// line break cannot print a second line that reads like the tool's own. In English and Chinese.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'runbook-one-line-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What would start a line of its own if the path were printed as typed. */
const FORGED = 'FORGED: runbook: all good';
const path = (name: string) => join(dir, `${name}\n${FORGED}`);

const cases: { what: string; args: string[] }[] = [
  { what: 'plan of a missing file', args: ['plan', path('missing.yaml')] },
  { what: 'plan of a missing name', args: ['plan', `missing\n${FORGED}`] },
  { what: 'lint of a missing folder', args: ['lint', path('folder')] },
  { what: 'an argument a command does not take', args: ['record', path('extra')] },
  { what: 'diff of a missing file', args: ['diff', path('old.yaml'), path('new.yaml')] },
  { what: 'diff of a malformed git: version', args: ['diff', `git:main\n${FORGED}`, path('new.yaml')] },
  { what: 'play of a saved plan that cannot be read', args: ['play', '--plan', path('saved.json')] },
  { what: 'import of a missing Markdown file', args: ['import', path('notes.md')] },
  { what: 'inventory import of a missing file', args: ['inventory', 'import', path('hosts.ini')] },
  { what: 'a sandbox to attach to that is not one', args: ['play', join(process.cwd(), 'runbooks/backup.yaml'), '--sandbox', '--sandbox-attach', path('sandbox'), '--yes'] },
];

describe('a path typed on the command line, in an error', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const { what, args } of cases) {
      it(`stays on the message's line: ${what} (${lang})`, async () => {
        const { code, stderr } = await runbook([...args, '--lang', lang], { cwd: dir });
        expect(code).toBe(2);
        expect(stderr).toContain(`␤${FORGED}`);
        expect(stderr.split('\n').filter((l) => l.startsWith('FORGED'))).toEqual([]);
      });
    }
  }
});
