// A secret in step and probe names, gate messages and printed with escape sequences inside is in no sink of the CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { sanitizeText } from '../../src/ui/sanitize.js';

const SECRET = 'Sup3r-S3cret-Tok';
const dir = mkdtempSync(join(tmpdir(), 'runbook-secret-sinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const home = join(dir, 'home');
const env = { RUNBOOK_PARAM_TOKEN: SECRET, RUNBOOK_HOME: home, CI: '1' };
const playbook = join(dir, 'secret.yaml');
writeFileSync(
  playbook,
  `name: secret-names
title: Secret names
params:
  token: { type: string, secret: true }
preconditions:
  - name: "token {{token}} is set"
    run: test -n "$TOKEN"
    env:
      TOKEN: "{{token}}"
steps:
  - id: print
    name: "Print {{token}}"
    run: |
      printf '%s\\033[0m%s\\n' "\${TOKEN:0:6}" "\${TOKEN:6}"
      printf '%s\\033]0;x\\007%s\\n' "\${TOKEN:0:3}" "\${TOKEN:3}" >&2
    env:
      TOKEN: "{{token}}"
    rollback:
      name: "Undo {{token}}"
      run: "true"
  - id: gate
    name: "Gate {{token}}"
    confirm: "Go on with {{token}}?"
  - id: after
    name: "After {{token}}"
    run: "true"
`,
);

/** Everything a sink shows, as a human sink would draw it. */
function shown(text: string): string {
  return sanitizeText(text);
}

function journalFiles(): string {
  const runs = join(home, 'runs');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(runs);
  return out.join('\n');
}

describe('a secret in names, messages and output, through the CLI', () => {
  it('is in no plan: text, Markdown, JSON and the saved plan', async () => {
    for (const format of ['text', 'markdown', 'json']) {
      const result = await runbook(['plan', playbook, '--format', format, '--out', join(dir, `saved-${format}.json`)], { env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain(SECRET);
      expect(result.stdout).toContain('••••••');
      expect(readFileSync(join(dir, `saved-${format}.json`), 'utf8')).not.toContain(SECRET);
    }
  });

  it('is in no output of a run, of resume (its skipped rows), of the journal, logs or history', async () => {
    // No --yes and no terminal: the run stops at the gate; resume --yes goes on from there.
    const first = await runbook(['play', playbook, '--output', 'plain'], { env });
    expect(first.code).toBe(1);
    const json = await runbook(['play', playbook, '--output', 'json'], { env });
    const resumed = await runbook(['resume', 'last', '--output', 'plain', '--yes'], { env });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Print ••••••');
    const logs = await runbook(['logs', 'last'], { env });
    const stepLog = await runbook(['logs', 'last', '--step', 'print'], { env });
    const history = await runbook(['history'], { env });
    const historyJson = await runbook(['history', '--json'], { env });
    for (const result of [first, json, resumed, logs, stepLog, history, historyJson]) {
      expect(shown(result.stdout + result.stderr)).not.toContain(SECRET);
    }
    expect(shown(journalFiles())).not.toContain(SECRET);
    expect(first.stdout).toContain('    │ ••••••\n');
  });

  it('is not shown by `logs --step` on a terminal either', async () => {
    await runbook(['play', playbook, '--output', 'plain'], { env });
    const exec = promisify(execFile);
    const line = [process.execPath, join(import.meta.dirname, '..', '..', 'bin', 'runbook.js'), 'logs', 'last', '--step', 'print'].map((a) => `'${a}'`).join(' ');
    const { stdout } = await exec('script', ['-qec', line, '/dev/null'], { env: { ...process.env, ...env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    expect(stdout).toContain('••••••');
    expect(stdout).not.toContain(SECRET);
  });
});
