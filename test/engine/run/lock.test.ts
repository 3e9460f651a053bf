// The lock: one holder per lock key, named when refused; stale locks of dead processes are taken over.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/engine/errors.js';
import { acquireLock, listLocks, LockedError, unlockById } from '../../../src/engine/run/lock.js';
import { recordGroup } from '../../../src/engine/run/groups.js';
import { Journal } from '../../../src/engine/run/journal.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { alive, waitFor } from '../../helpers/process.js';
import { plan, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('lock', () => {
  it('refuses a second holder, naming the first', () => {
    const home = tempDir();
    const first = acquireLock(home, 'mlflow', { playbook: 'mlflow-permissions', runId: 'run-1' });
    let error: unknown;
    try {
      acquireLock(home, 'mlflow', { playbook: 'mlflow-permissions', runId: 'run-2' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockedError);
    const locked = error as LockedError;
    expect(locked.exitCode).toBe(ExitCode.locked);
    expect(locked.message).toContain(`pid ${process.pid}`);
    expect(locked.message).toContain('run run-1');
    expect(locked.message).toContain(hostname());
    expect(locked.hint).toContain(`runbook unlock ${first.info.lockId}`);
    first.release();
    acquireLock(home, 'mlflow', { playbook: 'mlflow-permissions', runId: 'run-3' }).release();
  });

  it('takes over a stale lock whose process is dead on this host', () => {
    const home = tempDir();
    const held = acquireLock(home, 'k', { playbook: 'p', runId: 'old' });
    const dead = spawnSync('true').pid!;
    const path = join(home, 'locks', 'k.lock');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), pid: dead }));
    const taken = acquireLock(home, 'k', { playbook: 'p', runId: 'new' });
    expect(taken.replaced?.runId).toBe('old');
    expect(listLocks(home).map((l) => l.info.runId)).toEqual(['new']);
    held.release(); // the old holder's release must not remove the new lock
    expect(listLocks(home).map((l) => l.info.runId)).toEqual(['new']);
    taken.release();
    expect(listLocks(home)).toEqual([]);
  });

  const groups: number[] = [];
  afterEach(() => {
    for (const pgid of groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('a dead holder keeps its lock while a process group of its run still runs (a new run would start a second copy)', async () => {
    const home = tempDir();
    acquireLock(home, 'k', { playbook: 'p', runId: 'old' });
    const path = join(home, 'locks', 'k.lock');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), pid: spawnSync('true').pid! }));
    const meta = { runId: 'old', playbook: 'p', title: 'p', file: '', lock: 'k', params: {}, secretParams: [], sandbox: false, user: 'u', host: hostname(), pid: 1, startedAt: new Date().toISOString() };
    const journal = Journal.create(home, 'old', {}, meta);
    const orphan = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    groups.push(orphan.pid!);
    recordGroup(journal, 'two', orphan.pid!);
    journal.close();

    let error: unknown;
    try {
      acquireLock(home, 'k', { playbook: 'p', runId: 'new' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockedError);
    expect((error as LockedError).message).toContain(`its step \`two\` is still running (process group ${orphan.pid}`);
    expect((error as LockedError).hint).toContain('runbook resume old --kill-orphans');
    expect(listLocks(home).map((l) => [l.info.runId, l.stale])).toEqual([['old', false]]);

    process.kill(-orphan.pid!, 'SIGKILL');
    await waitFor(() => !alive(orphan.pid!));
    expect(acquireLock(home, 'k', { playbook: 'p', runId: 'new' }).replaced?.runId).toBe('old');
  });

  it('unlock needs the lock id', () => {
    const home = tempDir();
    const held = acquireLock(home, 'k', { playbook: 'p', runId: 'r' });
    expect(unlockById(home, 'nope')).toBeUndefined();
    expect(unlockById(home, held.info.lockId)?.runId).toBe('r');
    expect(listLocks(home)).toEqual([]);
  });

  it('runPlan holds the lock while it runs and releases it after', async () => {
    const home = tempDir();
    const running = runPlan(plan([step('a', 'sleep 0.3')]), { home });
    while (listLocks(home).length === 0) await new Promise((r) => setTimeout(r, 5));
    await expect(runPlan(plan([step('a', 'true')]), { home })).rejects.toBeInstanceOf(LockedError);
    expect((await running).status).toBe('ok');
    expect(listLocks(home)).toEqual([]);
  });
});

describe('stale-lock takeover', () => {
  it('is one run at a time: a live run holding the takeover token makes others look again instead of removing', () => {
    const home = tempDir();
    mkdirSync(join(home, 'locks'), { recursive: true });
    const lockFile = join(home, 'locks', 'k.lock');
    // A stale lock (dead pid on this host), and a takeover in progress by a live process (this one).
    writeFileSync(lockFile, JSON.stringify({ lockId: 'dead0001', key: 'k', playbook: 'p', runId: 'r0', user: 'u', host: hostname(), pid: 2 ** 22 + 12345, since: new Date().toISOString() }));
    writeFileSync(`${lockFile}.takeover`, String(process.pid));
    expect(() => acquireLock(home, 'k', { playbook: 'p', runId: 'r1' })).toThrow(LockedError);
    expect(existsSync(lockFile)).toBe(true); // the stale lock was left to the takeover in progress
    // A token left by a dead process is cleared, and the stale lock taken over.
    writeFileSync(`${lockFile}.takeover`, String(2 ** 22 + 12346));
    const held = acquireLock(home, 'k', { playbook: 'p', runId: 'r2' });
    expect(held.replaced?.lockId).toBe('dead0001');
    expect(existsSync(`${lockFile}.takeover`)).toBe(false);
    held.release();
  });
});
