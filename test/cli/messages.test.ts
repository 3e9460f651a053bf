// Messages a tired person reads on the command line: ours, not a library's (node's parseArgs, V8's JSON, fs error codes).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './validate-run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const RAW = /Option '|argument missing|'-\w, --[a-z-]+ <value>'|ENOENT|EISDIR|EACCES|Unexpected token|is not valid JSON at|in JSON at position/;

describe('command-line messages', () => {
  it('an option without its value', async () => {
    for (const args of [['play', 'runbooks/redis-flush.yaml', '-p'], ['plan', 'runbooks/redis-flush.yaml', '--param'], ['validate', '--format']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/: --(param|format) needs a value\n/);
      expect(result.stderr).not.toMatch(RAW);
    }
  });

  it('new --from-alert with a missing, unreadable or broken payload', async () => {
    const dir = tempDir('runbook-messages-');
    writeFileSync(join(dir, 'broken.json'), '{"alerts": [}');
    const cases: [string, string][] = [
      ['missing.json', 'Cannot read the Alertmanager payload missing.json: no such file'],
      ['.', 'Cannot read the Alertmanager payload .: it cannot be read (permission denied, or not a file)'],
      ['broken.json', 'Cannot read the Alertmanager payload broken.json: it is not valid JSON'],
    ];
    for (const [file, message] of cases) {
      const result = await runCli(['new', 'api-down', '--from-alert', file], { cwd: dir });
      expect(result.code, file).toBe(2);
      expect(result.stderr, file).toContain(message);
      expect(result.stderr, file).not.toMatch(RAW);
    }
  });
});
