// The process groups a run started (groups.jsonl in its journal), finding those still alive after the
// engine died, and stopping them — only when verified to be the very group the run started.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Journal } from './journal.js';
import { readJsonLines, type Problem } from './journal-read.js';
import { isMissing, type JournalReason } from './journal-reason.js';
import { shapeProblem } from './journal-shape.js';
import { groupMembers, procStat } from '../../process/proc.js';
import { signalGroup, waitGroupGone } from '../../process/signal.js';

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

/** Why a groups.jsonl line is not a record the engine writes: `pgid` must name a real group (> 1: never 0, 1 or -1). */
export function groupLineProblem(value: unknown): JournalReason | undefined {
  const pgid = (value as { pgid?: unknown } | null)?.pgid;
  if (typeof pgid !== 'number' || !Number.isSafeInteger(pgid) || pgid <= 1) {
    const got = JSON.stringify(pgid) as string | undefined;
    return { field: ['pgid'], fault: { key: 'groupId', ...(got !== undefined ? { got } : {}) } };
  }
  if ((value as { ended?: unknown }).ended !== undefined) return (value as { ended?: unknown }).ended === true ? undefined : { field: ['ended'], fault: { key: 'endedTrue' } };
  const problem = shapeProblem(value, { step: 's', host: 's', since: 's', startTicks: 'n?', bootId: 's?' });
  if (problem) return problem;
  const ticks = (value as GroupStarted).startTicks;
  return ticks !== undefined && (!Number.isSafeInteger(ticks) || ticks < 0) ? { field: ['startTicks'], fault: { key: 'clockTicks' } } : undefined;
}

/** Groups recorded as started and never as ended, in start order, and the lines that are not valid records. */
export function readGroups(runDir: string): { open: GroupStarted[]; problems: Problem[] } {
  const read = readJsonLines<GroupStarted | GroupEnded>(join(runDir, 'groups.jsonl'), groupLineProblem);
  // No groups.jsonl: the run started no process (or predates the file).
  const problems = read.problems.filter((p) => !isMissing(p.why));
  const open = new Map<number, GroupStarted>();
  for (const record of read.items) {
    if ('ended' in record) open.delete(record.pgid);
    else open.set(record.pgid, record);
  }
  return { open: [...open.values()], problems };
}

/** Groups recorded as started and never as ended (invalid lines left out). */
export function openGroups(runDir: string): GroupStarted[] {
  return readGroups(runDir).open;
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
 * Whether a recorded group still runs: `running` only when verified to be the group the run started
 * — on this host and boot, its processes in the session the spawn created (whose id is the pgid), and
 * its leader the recorded process (pid and start time) or, the leader gone, its members all younger
 * than it (a pgid is not handed out again while a process still uses it). `gone` when it is not
 * there or provably another group (a reused pgid). `unverified` when a group with that id exists but
 * nothing proves it is ours (no start time recorded, no /proc): it is never signalled.
 */
export type GroupState = { state: 'running' } | { state: 'gone' } | { state: 'unverified'; why: 'no-proof' | 'no-proc' };

export function checkGroup(record: GroupStarted): GroupState {
  if (record.host !== hostname() || !groupExists(record.pgid)) return { state: 'gone' };
  const bootId = currentBootId();
  const members = groupMembers(record.pgid);
  if (members === undefined || bootId === undefined) return { state: 'unverified', why: 'no-proc' };
  if (record.startTicks === undefined || record.bootId === undefined) return { state: 'unverified', why: 'no-proof' };
  if (record.bootId !== bootId) return { state: 'gone' };
  const live = members.filter((m) => m.state !== 'Z');
  if (live.length === 0 || live.some((m) => m.session !== record.pgid)) return { state: 'gone' };
  const leader = members.find((m) => m.pid === record.pgid);
  const ours = leader ? leader.startTicks === record.startTicks : live.every((m) => m.startTicks >= record.startTicks!);
  return ours ? { state: 'running' } : { state: 'gone' };
}

/** True when the recorded group may still run: verified as ours, or a group with its id exists that cannot be told apart. */
export function groupStillRunning(record: GroupStarted): boolean {
  return checkGroup(record).state !== 'gone';
}

/** The groups of a run that its engine left running (the engine was killed mid-step). Only this host can be checked. */
export function findOrphans(runDir: string): GroupStarted[] {
  return openGroups(runDir).filter(groupStillRunning);
}

/**
 * Stops an orphaned group as an interrupt does: SIGTERM, SIGKILL after `graceMs`, then waits until no
 * process of it is left. The group is verified before each signal; one that cannot be is never
 * signalled (`unverified`). `stuck` when it could not be stopped (another user's, or stuck).
 */
export async function stopOrphan(record: GroupStarted, graceMs: number): Promise<'stopped' | 'unverified' | 'stuck'> {
  const verified = (): 'running' | 'stopped' | 'unverified' => {
    const state = checkGroup(record).state;
    return state === 'gone' ? 'stopped' : state;
  };
  const before = verified();
  if (before !== 'running') return before;
  if (!signalGroup(record.pgid, 'SIGTERM')) return groupExists(record.pgid) ? 'stuck' : 'stopped';
  if (await waitGroupGone(record.pgid, graceMs)) return 'stopped';
  const again = verified();
  if (again !== 'running') return again;
  signalGroup(record.pgid, 'SIGKILL');
  return (await waitGroupGone(record.pgid, 5_000)) ? 'stopped' : 'stuck';
}
