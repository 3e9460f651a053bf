// The process groups a run started (groups.jsonl in its journal), and finding those still alive after the engine died.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Journal } from './journal.js';
import { groupMembers, procStat, signalGroup, waitGroupGone } from './process-group.js';

/** One line of groups.jsonl when a group starts. */
export interface GroupStarted {
  /** The step (or probe, rollback…) it runs for, named as its log: `two`, `two.check`, `two.rollback`, `preconditions.0`. */
  step: string;
  pgid: number;
  host: string;
  /** ISO time of the spawn. */
  since: string;
  /** Linux: the leader's start in clock ticks since boot and the boot's id — together they tell a reused pgid apart. */
  startTicks?: number;
  bootId?: string;
}

/** One line of groups.jsonl when the group's shell exited (and a stopped group is gone). */
export interface GroupEnded {
  pgid: number;
  ended: true;
}

let cachedBootId: string | undefined | null = null;
/** The host's name, asked once per process (a uname(2) per step otherwise). */
let cachedHostname: string | undefined;
const thisHost = (): string => (cachedHostname ??= hostname());

/** This boot's id (Linux); undefined elsewhere. */
export function currentBootId(): string | undefined {
  if (cachedBootId === null) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = undefined;
    }
  }
  return cachedBootId;
}

/**
 * Records a group right after its spawn returned (the shell is still starting up); the returned
 * function records its end. One write(2) each.
 */
export function recordGroup(journal: Journal, step: string, pgid: number): () => void {
  const stat = procStat(pgid);
  const bootId = currentBootId();
  const record: GroupStarted = {
    step,
    pgid,
    host: thisHost(),
    since: new Date().toISOString(),
    ...(stat ? { startTicks: stat.startTicks } : {}),
    ...(bootId ? { bootId } : {}),
  };
  journal.appendGroup(record);
  return () => journal.appendGroup({ pgid, ended: true } satisfies GroupEnded);
}

/** Groups recorded as started and never as ended, in start order. */
export function openGroups(runDir: string): GroupStarted[] {
  let text: string;
  try {
    text = readFileSync(join(runDir, 'groups.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const open = new Map<number, GroupStarted>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: Partial<GroupStarted & GroupEnded>;
    try {
      record = JSON.parse(line) as Partial<GroupStarted & GroupEnded>;
    } catch {
      continue; // a torn last line: the engine was killed mid-write
    }
    if (typeof record.pgid !== 'number') continue;
    if (record.ended) open.delete(record.pgid);
    else if (typeof record.step === 'string') open.set(record.pgid, record as GroupStarted);
  }
  return [...open.values()];
}

/** kill(-pgid, 0): true also when the group exists but belongs to another user (EPERM). */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the recorded group still runs on this host and is the same group (not a reused pgid).
 * On Linux: same boot, and either its leader is the recorded process (pid + start ticks), or — the
 * leader gone — its live members all started after it. Elsewhere kill(-pgid, 0) alone decides.
 */
export function groupStillRunning(record: GroupStarted): boolean {
  if (record.host !== hostname()) return false;
  if (!groupExists(record.pgid)) return false;
  const bootId = currentBootId();
  if (record.bootId && bootId && record.bootId !== bootId) return false;
  const members = groupMembers(record.pgid);
  if (members === undefined || record.startTicks === undefined) return true;
  const live = members.filter((m) => m.state !== 'Z');
  if (live.length === 0) return false;
  const leader = members.find((m) => m.pid === record.pgid);
  if (leader) return leader.startTicks === record.startTicks;
  return live.every((m) => m.startTicks >= record.startTicks!);
}

/** The groups of a run that its engine left running (the engine was killed mid-step). Only this host can be checked. */
export function findOrphans(runDir: string): GroupStarted[] {
  return openGroups(runDir).filter(groupStillRunning);
}

/**
 * Stops an orphaned group as an interrupt does: SIGTERM, SIGKILL after `graceMs`, then waits until
 * no process of it is left. Resolves false when it could not be stopped (another user's, or stuck).
 */
export async function stopOrphan(record: GroupStarted, graceMs: number): Promise<boolean> {
  if (!groupStillRunning(record)) return true;
  if (!signalGroup(record.pgid, 'SIGTERM')) return !groupExists(record.pgid);
  if (await waitGroupGone(record.pgid, graceMs)) return true;
  signalGroup(record.pgid, 'SIGKILL');
  return waitGroupGone(record.pgid, 5_000);
}
