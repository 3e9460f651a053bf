// What Linux's /proc says about processes: one process's state, group and start time, and the members of a group.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

/** What /proc/<pid>/stat says about a process (Linux). */
export interface ProcStat {
  pid: number;
  /** R, S, D, Z, … */
  state: string;
  pgrp: number;
  /** Session id: a step's group is spawned in a session of its own, whose id is the group's. */
  session: number;
  /** Start time in clock ticks since boot: with the pid, it names one process for good. */
  startTicks: number;
}

/** One read of a stat file: the line is a few hundred bytes (the command name is at most 64). */
const statBuffer = Buffer.allocUnsafe(4096);

/**
 * Reads /proc/<pid>/stat; undefined when the process is gone or there is no /proc. Called for every
 * process group a run starts (and every process while a group is searched): one open, one read into a
 * reused buffer and one close, and only the four fields it needs cut out of the line.
 */
export function procStat(pid: number): ProcStat | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
  } catch {
    return undefined;
  }
  let length: number;
  try {
    length = readSync(fd, statBuffer, 0, statBuffer.length, 0);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  // A line that filled the buffer would be cut: not a stat line this parser knows.
  if (length === 0 || length === statBuffer.length) return undefined;
  return parseProcStat(pid, statBuffer.toString('latin1', 0, length));
}

/**
 * The fields of a stat line after the command name `(…)` (which may hold spaces and parentheses):
 * state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
 * priority nice threads itrealvalue starttime …
 */
export function parseProcStat(pid: number, line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close === -1) return undefined;
  const wanted: Record<number, string> = {};
  let start = close + 2;
  for (let index = 0; index <= 19 && start <= line.length; index++) {
    let end = line.indexOf(' ', start);
    if (end === -1) end = line.length;
    if (index === 0 || index === 2 || index === 3 || index === 19) wanted[index] = line.slice(start, end);
    start = end + 1;
  }
  return { pid, state: wanted[0] ?? '?', pgrp: Number(wanted[2]), session: Number(wanted[3]), startTicks: Number(wanted[19]) };
}

/** The processes of a group, zombies included; undefined when /proc cannot be read (not Linux). */
export function groupMembers(pgid: number): ProcStat[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: ProcStat[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.pgrp === pgid) members.push(stat);
  }
  return members;
}
