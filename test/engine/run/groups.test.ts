// groups.jsonl: every process group a run starts is recorded (and its end), and findOrphans tells a
// group left running by a dead engine from one that ended or a pgid that was reused.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findOrphans, groupStillRunning, openGroups, recordGroup, stopOrphan, type GroupStarted } from '../../../src/engine/run/groups.js';
import { Journal, type RunMeta } from '../../../src/engine/run/journal.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { alive, waitFor } from '../../helpers/process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { plan, probe, rollback, step } from './plan-builder.js';

const spawned: ChildProcess[] = [];
afterEach(() => {
  for (const child of spawned.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A detached group like a step's: bash leading a background sleep, both pids written to `pids`. */
function orphanLike(dir: string, script = 'sleep 30 & echo $! >> pids; wait'): ChildProcess {
  const child = spawn('bash', ['-c', `echo $$ >> pids; ${script}`], { cwd: dir, detached: true, stdio: 'ignore' });
  spawned.push(child);
  return child;
}

const pidsIn = (dir: string): number[] => {
  try {
    return readFileSync(join(dir, 'pids'), 'utf8').trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

function journalIn(home: string): Journal {
  const meta = { runId: 'r1', playbook: 'p', title: 'p', file: '', lock: 'p', params: {}, secretParams: [], sandbox: false, user: 'u', host: 'h', pid: 1, startedAt: new Date().toISOString() } satisfies RunMeta;
  return Journal.create(home, 'r1', {}, meta);
}

describe('groups.jsonl', () => {
  it('a run records every group it starts — action, check, verify, rollback — and the end of each', async () => {
    const home = tempDir();
    const result = await runPlan(
      plan([step('a', 'true', { check: probe('false'), verify: probe('true'), rollback: rollback('true') }), step('b', 'exit 3')]),
      { home },
    );
    expect(result.status).toBe('failed');
    const lines = readFileSync(join(result.journalDir, 'groups.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Partial<GroupStarted> & { ended?: boolean });
    const started = lines.filter((l) => !l.ended);
    expect(started.map((l) => l.step)).toEqual(['a.check', 'a', 'a.verify', 'b', 'a.rollback']);
    for (const line of started) {
      expect(line).toMatchObject({ pgid: expect.any(Number), host: expect.any(String), since: expect.any(String) });
      if (process.platform === 'linux') expect(line).toMatchObject({ startTicks: expect.any(Number), bootId: expect.any(String) });
    }
    expect(lines.filter((l) => l.ended)).toHaveLength(started.length);
    expect(openGroups(result.journalDir)).toEqual([]);
  });

  it('a group started and not ended that still runs is an orphan until it ends', async () => {
    const home = tempDir();
    const journal = journalIn(home);
    const child = orphanLike(home);
    recordGroup(journal, 'two', child.pid!);
    journal.close();
    await waitFor(() => pidsIn(home).length === 2);
    const [orphan] = findOrphans(journal.dir);
    expect(orphan).toMatchObject({ step: 'two', pgid: child.pid });
    process.kill(-child.pid!, 'SIGKILL');
    await waitFor(() => pidsIn(home).every((pid) => !alive(pid)));
    expect(findOrphans(journal.dir)).toEqual([]);
  });

  it('an ended group is not an orphan even if a background process of it still runs; a torn last line is ignored', async () => {
    const home = tempDir();
    const journal = journalIn(home);
    const child = orphanLike(home);
    recordGroup(journal, 'serve', child.pid!)();
    journal.close();
    appendFileSync(join(journal.dir, 'groups.jsonl'), '{"step":"x","pgid":');
    expect(openGroups(journal.dir)).toEqual([]);
    expect(findOrphans(journal.dir)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('a reused pgid (other leader start time), another boot or another host is not our group', async () => {
    const home = tempDir();
    const child = orphanLike(home);
    await waitFor(() => pidsIn(home).length === 2);
    const journal = journalIn(home);
    recordGroup(journal, 'two', child.pid!);
    journal.close();
    const [record] = openGroups(journal.dir);
    expect(groupStillRunning(record!)).toBe(true);
    expect(groupStillRunning({ ...record!, startTicks: record!.startTicks! + 1 })).toBe(false);
    expect(groupStillRunning({ ...record!, bootId: '00000000-0000-0000-0000-000000000000' })).toBe(false);
    expect(groupStillRunning({ ...record!, host: 'elsewhere.example' })).toBe(false);
    // The leader gone, a member remains: still ours when it started after the recorded leader.
    process.kill(child.pid!, 'SIGKILL');
    await waitFor(() => !alive(child.pid!));
    expect(groupStillRunning(record!)).toBe(true);
  });

  it('stopOrphan sends SIGTERM, then SIGKILL after the grace period to a group that ignores SIGTERM, and waits until it is gone', async () => {
    const home = tempDir();
    writeFileSync(join(home, 'pids'), '');
    const child = orphanLike(home, "trap '' TERM; sleep 30 & echo $! >> pids; wait");
    await waitFor(() => pidsIn(home).length === 2);
    const journal = journalIn(home);
    recordGroup(journal, 'stubborn', child.pid!);
    journal.close();
    const [record] = findOrphans(journal.dir);
    const t0 = Date.now();
    expect(await stopOrphan(record!, 200)).toBe('stopped');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(pidsIn(home).filter(alive)).toEqual([]);
    expect(findOrphans(journal.dir)).toEqual([]);
  });
});
