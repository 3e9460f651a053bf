// Real processes: signals to `play` (no child survives), two plays contending for the lock,
// the engine SIGKILLed mid-step then `resume`, and an output flood with bounded memory.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, waitFor } from '../helpers/process.js';
import { fixtures, runCli, start, workspace, writePlaybook } from './play-helpers.js';

const tree = (dir: string) => `
name: tree
title: Process tree
steps:
  - id: first
    run: echo first >> ${dir}/trail
    rollback: echo undo-first >> ${dir}/trail
  - id: spawn
    run: bash ${fixtures}/spawn-tree.sh ${dir}/pids
`;

/** Kills the process groups of steps orphaned by a SIGKILLed engine (their pgids are in `pgid`). */
function killGroup(dir: string): void {
  if (!existsSync(join(dir, 'pgid'))) return;
  for (const pgid of readFileSync(join(dir, 'pgid'), 'utf8').trim().split('\n')) {
    try {
      process.kill(-Number(pgid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Workspaces whose orphaned step groups are killed after each test, passed or failed. */
const orphanDirs: string[] = [];
afterEach(() => {
  for (const dir of orphanDirs.splice(0)) killGroup(dir);
});

/**
 * True once the engine has recorded the step's process group in its journal (groups.jsonl). The step's shell
 * can write its pid before the engine records the group: a SIGKILL in between would leave an orphan no run
 * knows of, so tests that kill the engine wait for this first.
 */
function groupRecorded(dir: string): boolean {
  const runs = join(dir, '.runbook', 'runs');
  if (!existsSync(runs) || !existsSync(join(dir, 'pgid'))) return false;
  const pgid = readFileSync(join(dir, 'pgid'), 'utf8').trim().split('\n')[0];
  return readdirSync(runs).some((run) => {
    const file = join(runs, run, 'groups.jsonl');
    return existsSync(file) && readFileSync(file, 'utf8').includes(`"pgid":${pgid}`);
  });
}

const pidsOf = (dir: string): number[] => (existsSync(join(dir, 'pids')) ? readFileSync(join(dir, 'pids'), 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);

describe('play as a real process', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: the step and its grandchildren are stopped, completed steps roll back, exit %i', async (signal, code) => {
    const dir = workspace();
    writePlaybook(dir, 'tree.yaml', tree(dir));
    const play = start(['play', 'tree.yaml', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_KILL_GRACE_MS: '300' } });
    await waitFor(() => pidsOf(dir).length === 4);
    const pids = pidsOf(dir);
    expect(pids.filter(alive)).toEqual(pids);
    play.child.kill(signal);
    const finished = await play.done;
    expect(finished.code).toBe(code);
    expect(pids.filter(alive)).toEqual([]);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('first\nundo-first\n');
  });

  it('a second play of the same playbook fails at once with exit 5 and names the holder', async () => {
    const dir = workspace();
    writePlaybook(dir, 'slow.yaml', `name: slow\ntitle: Slow\nsteps:\n  - id: wait\n    run: touch ${dir}/started; sleep 300\n`);
    const first = start(['play', 'slow.yaml'], { cwd: dir });
    await waitFor(() => existsSync(join(dir, 'started')));
    const t0 = Date.now();
    const second = await runCli(['play', 'slow.yaml'], { cwd: dir });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(second.code).toBe(5);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toMatch(/held by \S+@\S+ \(pid \d+, run \d{8}-\d{6}-[0-9a-f]{4}, since /);
    const lockId = /runbook unlock ([0-9a-f]{8})/.exec(second.stderr)?.[1];
    expect(lockId).toBeDefined();
    // The holder is alive: unlock refuses without --force.
    expect((await runCli(['unlock', lockId!], { cwd: dir })).code).toBe(5);
    first.child.kill('SIGTERM');
    expect((await first.done).code).toBe(143);
    expect((await runCli(['play', 'slow.yaml', '--check'], { cwd: dir })).code).toBe(0);
  });

  it('after the engine is SIGKILLed mid-step: resume refuses while the step still runs, then decides by check probe or --from', async () => {
    const dir = workspace();
    orphanDirs.push(dir);
    writePlaybook(
      dir,
      'crash.yaml',
      `
name: crash
title: Crash
steps:
  - id: one
    run: echo one >> ${dir}/trail
  - id: two
    run: echo $$ >> ${dir}/pgid; touch ${dir}/two-started; until [ -e ${dir}/release ]; do sleep 0.05; done; echo two-orphan >> ${dir}/trail
  - id: three
    run: echo three >> ${dir}/trail
`,
    );
    const play = start(['play', 'crash.yaml'], { cwd: dir });
    await waitFor(() => existsSync(join(dir, 'two-started')) && groupRecorded(dir));
    play.child.kill('SIGKILL');
    await play.done;
    const pgid = Number(readFileSync(join(dir, 'pgid'), 'utf8').trim());
    // The step's own process group outlives a SIGKILLed engine.
    expect(alive(pgid)).toBe(true);
    expect((await runCli(['history'], { cwd: dir })).stdout).toMatch(/died, step running/);
    expect((await runCli(['logs', 'last'], { cwd: dir })).stdout).toContain(`step \`two\` is still running (process group ${pgid}, since `);

    // While it runs, resume would start a second copy: refused like a lock, naming the group.
    const refused = await runCli(['resume', 'last'], { cwd: dir });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(new RegExp(`step \`two\` of run \\d{8}-\\d{6}-[0-9a-f]{4} is still running \\(process group ${pgid}, since \\d{4}-`));
    expect(refused.stderr).toContain('--kill-orphans');
    const zh = await runCli(['resume', 'last'], { cwd: dir, env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(5);
    expect(zh.stderr).toContain(`仍在执行（进程组 ${pgid}`);
    // Nor may a new play start a second copy: the dead engine's lock is not stale while its step runs.
    const again = await runCli(['play', 'crash.yaml'], { cwd: dir });
    expect(again.code).toBe(5);
    expect(again.stderr).toContain(`its step \`two\` is still running (process group ${pgid}`);
    expect(again.stderr).toContain('--kill-orphans');
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('one\n');

    // The step ends on its own: resume goes on as before — its outcome is unknown (no check probe).
    writeFileSync(join(dir, 'release'), '');
    await waitFor(() => !alive(pgid));
    expect((await runCli(['history'], { cwd: dir })).stdout).not.toMatch(/step running/);
    const unknown = await runCli(['resume', 'last'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('step `two` started');
    expect(unknown.stderr).toContain('--from two');

    // The operator looked: step two is done. Continue at three.
    const resumed = await runCli(['resume', 'last', '--from', 'three'], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('one\ntwo-orphan\nthree\n');
    await runCli(['unlock', '--list'], { cwd: dir }).then((r) => expect(r.stdout).not.toContain('crash'));
  });

  it('resume --kill-orphans stops the step still running (SIGTERM, SIGKILL, gone), then the check probe decides and the run goes on', async () => {
    const dir = workspace();
    orphanDirs.push(dir);
    writePlaybook(
      dir,
      'crash.yaml',
      `name: crash\ntitle: Crash\nsteps:\n  - id: one\n    run: echo one >> ${dir}/trail\n  - id: two\n    check: test -e ${dir}/marker\n    run: echo $$ >> ${dir}/pgid; echo $$ >> ${dir}/pids; touch ${dir}/two-started; [ -e ${dir}/resumed ] || { sleep 30 & echo $! >> ${dir}/pids; wait; }; touch ${dir}/marker; echo two >> ${dir}/trail\n  - id: three\n    run: echo three >> ${dir}/trail\n`,
    );
    const play = start(['play', 'crash.yaml'], { cwd: dir });
    await waitFor(() => pidsOf(dir).length === 2 && groupRecorded(dir));
    play.child.kill('SIGKILL');
    await play.done;
    const orphans = pidsOf(dir);
    const pgid = orphans[0]!;
    expect(orphans.filter(alive)).toEqual(orphans);

    const refused = await runCli(['resume', 'last'], { cwd: dir });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`process group ${pgid}`);
    expect(orphans.filter(alive)).toEqual(orphans);

    writeFileSync(join(dir, 'resumed'), '');
    const resumed = await runCli(['resume', 'last', '--kill-orphans', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_KILL_GRACE_MS: '300' } });
    expect(resumed.stderr).toContain(`stopping step \`two\` of run`);
    expect(resumed.stderr).toContain(`process group ${pgid} is gone`);
    expect(orphans.filter(alive)).toEqual([]);
    expect(resumed.code).toBe(0);
    // The killed copy never got to its end; the resumed run ran step two once, then three.
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('an output flood keeps the engine memory bounded and the log capped', async () => {
    const dir = workspace();
    const rss = join(dir, 'rss');
    // 400 MiB of output in one step.
    writePlaybook(dir, 'flood.yaml', `name: flood\ntitle: Flood\nsteps:\n  - id: flood\n    run: head -c 419430400 /dev/zero | tr '\\\\0' 'x'\n`);
    const result = await runCli(['play', 'flood.yaml', '--quiet'], { cwd: dir, env: { RUNBOOK_TEST_RSS_FILE: rss }, nodeArgs: ['--import', join(fixtures, 'report-max-rss.mjs')] });
    expect(result.code).toBe(0);
    const maxRssMiB = Number(readFileSync(rss, 'utf8')) / 1024;
    console.log(`flood: peak RSS ${maxRssMiB.toFixed(0)} MiB for 400 MiB of output`);
    expect(maxRssMiB).toBeLessThan(160);
    const runs = join(dir, '.runbook', 'runs');
    const { readdirSync } = await import('node:fs');
    const log = join(runs, readdirSync(runs)[0]!, 'steps', 'flood.log');
    expect(statSync(log).size).toBeLessThan(9 * 1024 * 1024);
    expect(readFileSync(log, 'utf8').slice(-20_000)).toContain('[runbook: output truncated: ');
  }, 60_000);
});

describe('a dropped terminal', () => {
  it('SIGHUP stops the run in order and rolls back, as SIGTERM does', async () => {
    const dir = workspace();
    writePlaybook(dir, 'tree.yaml', tree(dir));
    const play = start(['play', 'tree.yaml', '--output', 'plain'], { cwd: dir, env: { RUNBOOK_KILL_GRACE_MS: '300' } });
    await waitFor(() => pidsOf(dir).length === 4);
    const pids = pidsOf(dir);
    play.child.kill('SIGHUP');
    expect((await play.done).code).toBe(143);
    expect(pids.filter(alive)).toEqual([]);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('first\nundo-first\n');
  });
});
