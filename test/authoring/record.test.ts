// `runbook record` through a real pty: what was typed becomes a valid draft; secrets and the session log never stay.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { recordedDraft } from '../../src/authoring/record/draft.js';
import { parseSessionLog, type RecordedCommand } from '../../src/authoring/record/log.js';
import { bashRc, zshFiles } from '../../src/authoring/record/hooks.js';
import type { Playbook } from '../../src/engine/playbook.gen.js';
import { expectValidDraft, expectValidText, t } from './helpers.js';

const root = new URL('../..', import.meta.url).pathname;
const driver = join(root, 'test/fixtures/authoring/pty-drive.py');
const SECRET = 's3cr3t-value-9f8e7d';

/** Shells on this machine that `record` supports (bash always; zsh where installed). */
function shells(): string[] {
  return ['bash', 'zsh'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0);
}

describe('runbook record in a real terminal', () => {
  let base: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'runbook-record-test-'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it.each(shells())('records a %s session into a reviewed draft', async (shell) => {
    const home = join(base, shell, 'home');
    const work = join(base, shell, 'work');
    const tmp = join(base, shell, 'tmp');
    for (const d of [home, work, tmp]) mkdirSync(d, { recursive: true });
    const data = join(work, 'data');
    const commands = [
      `mkdir -p ${data}/app`,
      `ls ${data}/app`,
      `cat ${data}/missing.txt`,
      `export API_TOKEN=${SECRET}`,
      `echo ${SECRET} > ${data}/app/token.txt`,
      `cp ${data}/app/token.txt ${data}/app/copy.txt`,
      `rm -rf ${data}/app/old`,
      ` echo this line starts with a space and stays out of the draft`,
    ];
    const result = spawnSync(
      'python3',
      [driver, '25', process.execPath, join(root, 'bin/runbook.js'), 'record', '-o', 'draft.yaml', '--shell', shell, '--', ...commands],
      { cwd: work, env: { PATH: process.env['PATH'], HOME: home, TMPDIR: tmp, SHELL: `/bin/${shell}`, TERM: 'xterm', LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 40_000 },
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('[pty-drive] exit 0');
    expect(result.stdout).toContain('Wrote draft.yaml');

    const text = readFileSync(join(work, 'draft.yaml'), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('stays out of the draft');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*runbooks\/schemas\/playbook\.schema\.json$/);
    const playbook = parse(text) as Playbook;
    expect(playbook.env).toEqual({ API_TOKEN: { from_env: 'API_TOKEN', secret: true, required: true } });
    expect(playbook.params).toMatchObject({ app_dir: { default: `${data}/app` } });
    const runs = playbook.steps.map((s) => s.run ?? s.confirm);
    expect(runs[0]).toBe('mkdir -p {{app_dir}}');
    expect(playbook.steps[0]!.verify).toBe('ls {{app_dir}}');
    expect(playbook.steps[0]!.rollback).toMatch(/TODO: write the rollback.*exit 1/);
    // The failed command is kept, marked, and allowed to fail.
    const failed = playbook.steps.find((s) => s.run === `cat ${data}/missing.txt`)!;
    expect(failed.continue_on_error).toBe(true);
    expect(text).toMatch(/FAILED during recording \(exit 1\)/);
    expect(runs).toContain('echo "${API_TOKEN}" > {{app_dir}}/token.txt');
    expect(runs).toContain('cp {{app_dir}}/token.txt {{app_dir}}/copy.txt');
    // The destructive command is gated by a confirmation and raises the risk.
    const rm = playbook.steps.findIndex((s) => s.run === 'rm -rf {{app_dir}}/old');
    expect(playbook.steps[rm - 1]!.confirm).toBeDefined();
    expect(playbook.risk).toBe('high');
    // Nothing of the session is left in the temp dir.
    expect(readdirSync(tmp)).toEqual([]);
    await expectValidText(text, join(work, 'draft.yaml'));
  });
});

describe('runbook record stopped by SIGTERM', () => {
  /**
   * `record` in a real pty, one command typed, then SIGTERM; `rc` is the user's ~/.bashrc (read by default). The
   * driver returns only once every process holding the terminal is gone: the shell ended. Checks the draft was written
   * with what was typed and that no session log is left.
   */
  function recordUntilTerm(rc?: string): void {
    const base = mkdtempSync(join(tmpdir(), 'runbook-record-term-'));
    try {
      const tmp = join(base, 'tmp');
      mkdirSync(tmp);
      if (rc !== undefined) writeFileSync(join(base, '.bashrc'), rc);
      const result = spawnSync('python3', [driver, '25', process.execPath, join(root, 'bin/runbook.js'), 'record', '-o', 'draft.yaml', '--shell', 'bash', '--', 'docker compose version', '@SIGTERM'], {
        cwd: base,
        env: { PATH: process.env['PATH'], HOME: base, TMPDIR: tmp, TERM: 'xterm' },
        encoding: 'utf8',
        timeout: 40_000,
      });
      expect(result.stdout, result.stderr).toContain('[pty-drive] exit 0');
      expect(readFileSync(join(base, 'draft.yaml'), 'utf8')).toContain('run: docker compose version');
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }

  it('ends the shell, writes what was typed and leaves no session log', () => {
    recordUntilTerm();
  });

  it('ends a shell that ignores the hangup too: killed after a grace, what was typed still written', () => {
    // The user's own rc makes the shell deaf to SIGHUP: `record` must not wait for it for ever.
    recordUntilTerm("trap '' HUP\n");
  });
});

describe('session log and draft', () => {
  it('parses the hooks log, including a decimal comma and a cut line', () => {
    const log = [
      '{"cmd":"docker compose ps","cwd":"/srv","exit":0,"start":"1764293117.250000","end":"1764293117,750000"}',
      '{"cmd":"echo \\"a\\"\\nb","cwd":"/srv","exit":2,"start":"1","end":"2"}',
      '{"cmd":"cut off',
    ].join('\n');
    expect(parseSessionLog(log)).toEqual([
      { command: 'docker compose ps', cwd: '/srv', exitCode: 0, startedAt: 1764293117250, durationMs: 500 },
      { command: 'echo "a"\nb', cwd: '/srv', exitCode: 2, startedAt: 1000, durationMs: 1000 },
    ]);
  });

  it.each(shells())('the %s hook writes valid JSON for awkward command lines, in a 0600 file', (shell) => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-hook-'));
    try {
      const log = join(dir, 'log.jsonl');
      const rc = shell === 'bash' ? bashRc(log, { userRc: false }) : zshFiles(log, { userRc: false, userZdotdir: dir })['.zshrc']!;
      const script = `${rc}\n__rb_write "$1" "/a dir" 3 1.5 2.25\n`;
      const awkward = `printf '%s\\n' "a\\"b" 'c\\d'\tx\u0007`;
      execFileSync(shell, shell === 'zsh' ? ['-f', '-c', script, 'zsh', awkward] : ['-c', script, 'bash', awkward]);
      expect(statSync(log).mode & 0o777).toBe(0o600);
      expect(parseSessionLog(readFileSync(log, 'utf8'))).toEqual([
        { command: `printf '%s\\n' "a\\"b" 'c\\d'\tx`, cwd: '/a dir', exitCode: 3, startedAt: 1500, durationMs: 750 },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a check polled until it passed becomes retries; Ctrl-C on a log follow is not a failure', async () => {
    const at = (command: string, exitCode = 0): RecordedCommand => ({ command, cwd: '/srv', exitCode, startedAt: 0, durationMs: 100 });
    const draft = recordedDraft(
      [
        at('docker compose logs api -f', 130),
        at('docker compose restart api'),
        at('curl -fsS http://localhost:8000/health', 7),
        at('curl -fsS http://localhost:8000/health', 7),
        at('curl -fsS http://localhost:8000/health'),
      ],
      { name: 'restart', baseCwd: '/srv', t },
    )!;
    const { playbook, text } = await expectValidDraft(draft);
    expect(playbook.preconditions).toEqual(['docker compose logs --tail 200 {{service}}']);
    expect(playbook.steps).toHaveLength(1);
    expect(playbook.steps[0]!.verify).toEqual({ run: 'curl -fsS http://localhost:8000/health', retries: 2, delay: '5s' });
    expect(text).toContain('Typed 3 times in a row until it passed');
    expect(text).toContain('Stopped with Ctrl-C');
    expect(draft.todos.map((x) => x.kind)).not.toContain('failed');
  });

  it('builds a draft: cwd for commands elsewhere, long commands get a timeout, noise dropped', async () => {
    const at = (command: string, cwd: string, exitCode = 0, durationMs = 100): RecordedCommand => ({ command, cwd, exitCode, startedAt: 0, durationMs });
    const draft = recordedDraft(
      [
        at('cd /srv/recommend', '/home/ops'),
        at('docker compose ps', '/srv/recommend'),
        at('clear', '/srv/recommend'),
        at('docker compose restart recommendation-api', '/srv/recommend', 0, 95_000),
        at('curl -fsS http://localhost:8000/health', '/srv/recommend'),
        at('exit', '/srv/recommend'),
      ],
      { name: 'restart-api', baseCwd: '/home/ops', t, now: new Date('2026-11-28T01:00:00Z'), host: 'ops1' },
    )!;
    const { playbook, text } = await expectValidDraft(draft);
    // The directory repeats, so it is a param too.
    expect(playbook.params).toEqual({ recommend_dir: expect.objectContaining({ default: '/srv/recommend' }) });
    expect(playbook.preconditions).toEqual([{ run: 'docker compose ps', cwd: '{{recommend_dir}}' }]);
    expect(playbook.steps).toEqual([
      expect.objectContaining({ id: 'docker_compose_restart', cwd: '{{recommend_dir}}', run: 'docker compose restart recommendation-api', timeout: '5m', verify: 'curl -fsS http://localhost:8000/health' }),
    ]);
    expect(text).toContain('It took 95s during recording');
  });
});
