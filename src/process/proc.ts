// What Linux's /proc says about processes: one process's state, group and start time, and the members of a group.
import { readdirSync, readFileSync } from 'node:fs';

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

/** Reads /proc/<pid>/stat; undefined when the process is gone or there is no /proc. */
export function procStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name `(…)`: state ppid pgrp session tty tpgid flags minflt cminflt majflt
  // cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime …
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0] ?? '?', pgrp: Number(fields[2]), session: Number(fields[3]), startTicks: Number(fields[19]) };
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
