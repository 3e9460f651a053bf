// Every `next:` hint works when pasted, from any directory (issue 12); a sandbox run is never offered resume;
// history has duration and sandbox columns, aligned under CJK headers.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringWidth } from '../../src/ui/width.js';
import { runAsUser } from '../helpers/as-user.js';
import { bin, runCli, start, workspace, writePlaybook } from './play-helpers.js';
import { waitFor } from '../helpers/process.js';

const exec = promisify(execFile);

/** Pastes a hint into a shell (`runbook` being the built CLI) in `cwd`, with exactly `env`. */
async function paste(hint: string, cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = hint.replace(/^runbook /, `"${process.execPath}" "${bin}" `);
  return exec('sh', ['-c', command], { cwd, env: { PATH: process.env.PATH ?? '', LANG: 'C', CI: '1', ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const nextOf = (stdout: string): string[] => (/ {2}next: (.*)/.exec(stdout)?.[1] ?? '').split(/ {3}/).filter(Boolean);

const failing = (dir: string) => `name: fails
title: Fails
steps:
  - id: one
    run: echo one
    rollback: test ! -e ${dir}/broken
  - id: boom
    run: echo boom output; exit 3
`;

describe('next: hints', () => {
  it('work when pasted from another directory, with a relative RUNBOOK_HOME (they name it) or the default home (they need not)', async () => {
    const dir = workspace();
    chmodSync(dir, 0o777);
    writePlaybook(dir, 'fails.yaml', failing(dir));
    writeFileSync(join(dir, 'broken'), '');
    const other = join(dir, 'other');
    mkdirSync(other);
    // A home given relative to where play ran.
    const play = await runCli(['play', 'fails.yaml', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_HOME: 'ops-home' } });
    expect(play.code).toBe(4);
    const next = nextOf(play.stdout);
    expect(next).toHaveLength(2);
    expect(next[0]).toContain(`--home ${join(dir, 'ops-home')}`);
    const logs = await paste(next[0]!, other, { HOME: other });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toBe('boom output\n');
    expect(next[1]).toMatch(/^runbook resume \S+ --rollback --home /);
    rmSync(join(dir, 'broken'));
    const resumed = await paste(next[1]!, other, { HOME: other });
    expect(resumed.stderr).not.toContain('no run');
    expect(resumed.code).toBe(1);

    // The default home (per user: run as an ordinary user, never into the real /var/lib/runbook): no --home needed.
    writeFileSync(join(dir, 'broken'), '');
    const state = join(dir, 'state');
    mkdirSync(state, { mode: 0o777 });
    chmodSync(state, 0o777);
    const byDefault = await runAsUser(['play', 'fails.yaml', '--output', 'plain'], dir, { HOME: dir, XDG_STATE_HOME: state }).done;
    expect(byDefault.code).toBe(4);
    const plain = nextOf(byDefault.stdout);
    expect(plain[0]).toMatch(/^runbook logs \S+ --step boom$/);
    const pasted = await runAsUser(['logs', ...plain[0]!.split(' ').slice(2)], other, { HOME: other, XDG_STATE_HOME: state }).done;
    expect(pasted.stdout).toBe('boom output\n');
  });

  it('the hint of a lock message (`runbook unlock <id>`) reaches the lock from another directory', async () => {
    const dir = workspace();
    writePlaybook(dir, 'held.yaml', `name: held\ntitle: Held\nsteps:\n  - id: wait\n    run: touch ${dir}/started; while [ ! -e ${dir}/release ]; do sleep 0.05; done\n`);
    const env = { RUNBOOK_HOME: 'ops-home' };
    const holder = start(['play', 'held.yaml'], { cwd: dir, env });
    await waitFor(() => existsSync(join(dir, 'started')));
    const second = await runCli(['play', 'held.yaml'], { cwd: dir, env });
    expect(second.code).toBe(5);
    const hint = /`(runbook unlock [^`]+)`/.exec(second.stderr)![1]!;
    expect(hint).toContain(`--home ${join(dir, 'ops-home')}`);
    const pasted = await paste(hint, tmpdir(), { HOME: dir });
    // It found the lock: refused because its holder is alive (not "no lock with id").
    expect(pasted.code).toBe(5);
    expect(pasted.stderr).toContain('is held by a live process');
    writeFileSync(join(dir, 'release'), '');
    expect((await holder.done).code).toBe(0);
  });

  it('a sandbox run is not offered resume (its sandbox is gone), only logs', async () => {
    const dir = workspace();
    writePlaybook(dir, 'fails.yaml', failing(dir));
    const play = await runCli(['play', 'fails.yaml', '--sandbox', '--output', 'plain'], { cwd: dir, env: { TMPDIR: dir } });
    expect(play.code).toBe(1);
    const next = nextOf(play.stdout);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/^runbook logs \S+ --step boom/);
    const logs = await paste(next[0]!, join(dir, '..'), { HOME: dir, RUNBOOK_HOME: join(dir, '.runbook') });
    expect(logs.stdout).toBe('boom output\n');
  });
});

describe('history', () => {
  it('has duration and sandbox columns, each value under its header, also with Chinese headers', async () => {
    const dir = workspace();
    writePlaybook(dir, 'fails.yaml', failing(dir));
    writePlaybook(dir, 'ok.yaml', 'name: ok\ntitle: Ok\nsteps:\n  - id: one\n    run: "true"\n');
    expect((await runCli(['play', 'ok.yaml'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['play', 'fails.yaml', '--sandbox'], { cwd: dir, env: { TMPDIR: dir } })).code).toBe(1);
    for (const lang of ['en', 'zh-CN']) {
      const history = await runCli(['history', '--lang', lang], { cwd: dir });
      const [header, ...rows] = history.stdout.trimEnd().split('\n') as [string, ...string[]];
      const starts = (line: string) => [...line.matchAll(/(?:^|(?<= {2}))\S/g)].map((m) => stringWidth(line.slice(0, m.index)));
      expect(starts(header)).toHaveLength(7);
      for (const row of rows) expect(starts(row)).toEqual(starts(header));
      expect(rows[0], history.stdout).toMatch(lang === 'en' ? /failed\s+1\s+\S+ \S+\s+\d\S*\s+sandbox\s+fails$/ : /失败\s+1\s+\S+ \S+\s+\d\S*\s+沙箱\s+fails$/);
      // Statuses in the one vocabulary of the language (`成功`, `失败`).
      expect(rows[1]).toMatch(lang === 'en' ? /ok\s+0\s+\S+ \S+\s+\d\S*\s+-\s+ok$/ : /成功\s+0\s+\S+ \S+\s+\d\S*\s+-\s+ok$/);
    }
  });
});
