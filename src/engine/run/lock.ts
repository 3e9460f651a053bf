// The run lock: one file per lock key under <home>/locks/, created atomically, naming its holder.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, linkSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { ExitCode, UserError } from '../errors.js';
import { showLineBreaks } from '../escapes.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { describeFsError } from './fs-errors.js';
import { homeArg, prepareHomeDir, sandboxHome } from './home.js';
import { findOrphans, type GroupStarted } from './groups.js';
import { runDir } from './journal.js';
import { shapeProblem, type Shape } from './journal-shape.js';

export interface LockInfo {
  /** What `runbook unlock` needs: shown in the "locked" message. */
  lockId: string;
  key: string;
  playbook: string;
  runId: string;
  user: string;
  host: string;
  pid: number;
  since: string;
  /** A sandbox run's lock (kept apart from the real ones, in `<home>/sandbox/locks`). */
  sandbox?: boolean;
}

export const locksDir = (home: string): string => join(home, 'locks');

/** The home (what `--home` names) of a folder with locks/: a sandbox part belongs to the home above it. */
const homeOfLocks = (root: string): string => (sandboxHome(dirname(root)) === root ? dirname(root) : root);
const lockPath = (home: string, key: string): string => join(locksDir(home), `${key}.lock`);

export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  // kill(0) and kill(-n) would ask about process groups: only a real pid names one process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A lock is stale when its holder ran on this host and that process is gone — and (given the home)
 * no step of its run still runs: a dead engine's orphaned step keeps the lock, so that no new run
 * starts a second copy of it.
 */
export function isStale(info: LockInfo, home?: string): boolean {
  return info.host === hostname() && !pidAlive(info.pid) && (home === undefined || lockOrphan(home, info) === undefined);
}

/** A process group of the lock holder's run still running after its engine died (this host only). */
export function lockOrphan(home: string, info: LockInfo): GroupStarted | undefined {
  if (info.host !== hostname() || pidAlive(info.pid)) return undefined;
  return findOrphans(runDir(home, info.runId))[0];
}

export class LockedError extends UserError {
  constructor(
    readonly holder: LockInfo,
    t: Translator<EngineKey> = engineText('en'),
    orphan?: GroupStarted,
    /** ` --home …` when the lock is not in the default home, so that the hints work from anywhere. */
    homeArg = '',
  ) {
    // A lock file (and groups.jsonl) is untrusted: each field stays inside its line of the message (␤); the CLI
    // shows the message's control characters.
    const one = showLineBreaks;
    const key = holder.sandbox ? t('lock.sandboxKey', { key: one(holder.key) }) : one(holder.key);
    const [user, host, run, since] = [one(holder.user), one(holder.host), one(holder.runId), one(holder.since)];
    super(
      orphan
        ? t('lock.orphan', { key, user, host, pid: holder.pid, run, step: one(orphan.step), pgid: orphan.pgid, since: one(orphan.since) })
        : t('lock.held', { key, user, host, pid: holder.pid, run, since }),
      {
        exitCode: ExitCode.locked,
        hint: orphan
          ? holder.sandbox
            ? t('lock.orphanHintSandbox', { pgid: orphan.pgid })
            : t('lock.orphanHint', { run, pgid: orphan.pgid, home: homeArg })
          : t('lock.heldHint', { id: one(holder.lockId), home: homeArg }),
      },
    );
    this.name = 'LockedError';
  }
}

const lockShape: Shape = { lockId: 's', key: 's', playbook: 's', runId: 's', user: 's', host: 's', pid: 'n', since: 's', sandbox: 'b?' };

/** A lock file's holder, or undefined when it is not one (unreadable, not JSON, wrong shape). */
function readLock(path: string): LockInfo | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return shapeProblem(value, lockShape) === undefined && Number.isSafeInteger((value as LockInfo).pid) && (value as LockInfo).pid > 0 ? (value as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

export interface HeldLock {
  info: LockInfo;
  /** The stale lock that was taken over, if any. */
  replaced?: LockInfo;
  release(): void;
}

/** Takes the lock for `key` or throws LockedError naming the holder. A stale lock is taken over. */
export function acquireLock(home: string, key: string, holder: { playbook: string; runId: string; sandbox?: boolean }, t: Translator<EngineKey> = engineText('en'), env: NodeJS.ProcessEnv = process.env): HeldLock {
  const hint = homeArg(homeOfLocks(home), env);
  try {
    prepareHomeDir(home, 'locks');
  } catch (error) {
    throw new UserError(t('lock.noDir', { dir: locksDir(home), error: describeFsError(error, t) }), { hint: t('home.hint'), cause: error });
  }
  const path = lockPath(home, key);
  const info: LockInfo = {
    lockId: randomBytes(4).toString('hex'),
    key,
    playbook: holder.playbook,
    runId: holder.runId,
    ...(holder.sandbox ? { sandbox: true } : {}),
    user: currentUser(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
  };
  let replaced: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written aside, then linked into place: link is atomic and fails when the lock exists,
    // so a lock file is never seen half-written.
    const tmp = writeAside(path, JSON.stringify(info, null, 2) + '\n', t);
    try {
      linkSync(tmp, path);
      return { info, replaced, release: () => releaseLock(path, info.lockId) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(t('lock.cannotWrite', { path, error: describeFsError(error, t) }), { hint: t('lock.cannotWriteHint'), cause: error });
    } finally {
      unlinkSync(tmp);
    }
    const current = readLock(path);
    if (current === undefined) {
      // Not a lock we can read (garbage): name it so a human can remove it.
      throw new UserError(t('lock.unreadable', { path }), { exitCode: ExitCode.locked, hint: t('lock.unreadableHint') });
    }
    const orphan = lockOrphan(home, current);
    if (!isStale(current) || orphan) throw new LockedError(current, t, orphan, hint);
    // One takeover at a time: two runs removing the same stale lock could otherwise move a third
    // run's fresh lock aside and lose it (then two runs would hold the lock).
    withTakeover(path, () => {
      const again = readLock(path);
      if (again?.lockId === current.lockId && removeIfSame(path, current.lockId)) replaced = current;
    });
  }
  const current = readLock(path);
  if (current) throw new LockedError(current, t, lockOrphan(home, current), hint);
  throw new UserError(t('lock.cannotTake', { path }), { exitCode: ExitCode.locked });
}

/**
 * Writes the lock aside under a name of its own (created exclusively, never through a symlink someone
 * put there: the lock folder may be shared by every user of the host). On failure (a full disk) it is
 * removed and the reason given in words; nothing is left behind.
 */
function writeAside(path: string, text: string, t: Translator<EngineKey>): string {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  try {
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return tmp;
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    throw new UserError(t('lock.cannotWrite', { path, error: describeFsError(error, t) }), { hint: t('lock.cannotWriteHint'), cause: error });
  }
}

/**
 * Runs `fn` holding `<lock>.takeover` (created exclusively). A token left by a dead process is
 * removed; when a live one holds it, `fn` is skipped (the caller looks at the lock again).
 */
function withTakeover(path: string, fn: () => void): void {
  const token = `${path}.takeover`;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(token, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let text: string;
      let ageMs: number;
      try {
        text = readFileSync(token, 'utf8').trim();
        ageMs = Date.now() - statSync(token).mtimeMs;
      } catch {
        continue; // gone meanwhile: try again
      }
      const holder = Number(text);
      // An empty token is being written right now, unless it has been empty for long (its writer died).
      if (text === '' ? ageMs < 10_000 : Number.isInteger(holder) && holder > 0 && pidAlive(holder)) return;
      try {
        unlinkSync(token);
      } catch {
        // another run removed it first
      }
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      fn();
    } finally {
      unlinkSync(token);
    }
    return;
  }
}

/**
 * Removes the lock file only if it still is the one with `lockId`: it is first moved aside, so that
 * two runs taking over the same stale lock cannot delete each other's fresh one.
 */
function removeIfSame(path: string, lockId: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(3).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readLock(aside);
  if (moved?.lockId === lockId) {
    unlinkSync(aside);
    return true;
  }
  // Someone else's fresh lock: put it back unless yet another run already took the place.
  try {
    linkSync(aside, path);
  } catch {
    // the place is taken: that run holds the lock now
  }
  unlinkSync(aside);
  return false;
}

function releaseLock(path: string, lockId: string): void {
  if (readLock(path)?.lockId === lockId) removeIfSame(path, lockId);
}

export interface LockEntry {
  path: string;
  info: LockInfo;
  stale: boolean;
}

export function listLocks(home: string): LockEntry[] {
  let names: string[];
  try {
    names = readdirSync(locksDir(home));
  } catch {
    return [];
  }
  const out: LockEntry[] = [];
  for (const name of names) {
    if (!name.endsWith('.lock')) continue;
    const path = join(locksDir(home), name);
    const info = readLock(path);
    if (info) out.push({ path, info, stale: isStale(info, home) });
  }
  return out;
}

/** `runbook unlock <lock-id>`: removes the lock with this id; returns what it removed. */
export function unlockById(home: string, lockId: string): LockInfo | undefined {
  const entry = listLocks(home).find((e) => e.info.lockId === lockId);
  if (!entry) return undefined;
  let removed: LockInfo | undefined;
  withTakeover(entry.path, () => {
    if (removeIfSame(entry.path, lockId)) removed = entry.info;
  });
  return removed;
}
