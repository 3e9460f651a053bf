// Spawns a shell command in its own process group and stops the whole group (SIGTERM, then SIGKILL).
//
// Plain child_process.spawn rather than execa: the engine needs exactly three things execa would wrap —
// a detached group it signals as a whole (`kill(-pgid)`), raw byte chunks it streams with bounded
// memory, and "the shell exited" rather than "every pipe closed" (a backgrounded grandchild may hold
// stdout open for hours) — and the per-step overhead budget (bench/engine.bench.mjs) leaves no room.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';

/** How `run` commands are executed (documented in docs/engine.md): like GitHub Actions' bash shell. */
export const shellArgs = (command: string): string[] => ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command];

export interface GroupExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnGroupOptions {
  command: string;
  env: Record<string, string>;
  cwd: string;
  /** A promise back pauses reading that pipe until it resolves (backpressure from the reporters). */
  onStdout(chunk: Buffer): Promise<void> | void;
  onStderr(chunk: Buffer): Promise<void> | void;
}

export interface ProcessGroup {
  pid: number | undefined;
  /** Resolves when the shell exited and its pipes are drained (or given up on shortly after exit). */
  done: Promise<GroupExit>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs` if anything of it is still alive; resolves when it is gone. */
  stop(graceMs: number): Promise<void>;
  /** SIGKILL to the whole group at once. */
  kill(): void;
}

/**
 * How long pipes may stay open and quiet after the shell exited (a background grandchild holding
 * stdout), and how many such periods they may keep printing before they are given up on anyway.
 */
const DRAIN_MS = 200;
const DRAIN_PERIODS = 10;

/** Sends `signal` to every process of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0 as unknown as NodeJS.Signals);
}

/** Polls until no process of the group is left (zombies awaiting their reaper count as gone). */
export async function waitGroupGone(pgid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  // Quick at first (most groups are gone within milliseconds), then at most every 100 ms: each look
  // at a live group scans /proc.
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    if (!groupHasLiveMember(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, deadline - Date.now()))));
  }
}

/** Like groupAlive, but ignores zombies when /proc tells us (Linux); elsewhere trusts kill(0). */
export function groupHasLiveMember(pgid: number): boolean {
  if (!groupAlive(pgid)) return false;
  const members = groupMembers(pgid);
  return members === undefined || members.some((m) => m.state !== 'Z');
}

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

const shells = new Map<string, string>();

/**
 * bash's path on a command's PATH, looked up once per PATH value: spawned by name, every step's exec
 * would try each directory of PATH in turn (a failed execve each) before it finds it. The same file
 * execvp would run; just 'bash' when PATH holds a relative directory (resolved in the step's cwd).
 */
export function shellPath(path: string | undefined): string {
  const key = path ?? '';
  let found = shells.get(key);
  if (found !== undefined) return found;
  found = 'bash';
  for (const dir of key.split(':')) {
    if (!isAbsolute(dir)) break;
    const candidate = join(dir, 'bash');
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      found = candidate;
      break;
    } catch {
      // not here: the next directory
    }
  }
  shells.set(key, found);
  return found;
}

/**
 * Reads a child's stdout and stderr into the handlers, with backpressure: a pipe is paused while its
 * handler's promise is pending — unless the group is being stopped (`flowAll`): then everything is
 * read, so that the pipes close and the step can end.
 */
function pumpOutput(child: ChildProcessByStdio<null, Readable, Readable>, options: Pick<SpawnGroupOptions, 'onStdout' | 'onStderr'>) {
  let held = 0;
  let stopping = false;
  /** When output last arrived (or reading resumed): pipes are given up on only after a quiet DRAIN_MS. */
  let lastData = Date.now();
  const paused = new Set<Readable>();
  const pump = (stream: Readable, handler: (chunk: Buffer) => Promise<void> | void) => {
    stream.on('data', (chunk: Buffer) => {
      lastData = Date.now();
      const wait = handler(chunk);
      if (!wait || stopping || paused.has(stream)) return;
      paused.add(stream);
      held++;
      stream.pause();
      const release = () => {
        if (!paused.delete(stream)) return;
        held--;
        lastData = Date.now();
        stream.resume();
      };
      void wait.then(release, release);
    });
  };
  pump(child.stdout, options.onStdout);
  pump(child.stderr, options.onStderr);
  return {
    held: () => held,
    lastData: () => lastData,
    flowAll(): void {
      stopping = true;
      for (const stream of [...paused]) {
        paused.delete(stream);
        held--;
        stream.resume();
      }
    },
  };
}

export function spawnGroup(options: SpawnGroupOptions): ProcessGroup {
  const child = spawn(shellPath(options.env.PATH), shellArgs(options.command), {
    cwd: options.cwd,
    env: options.env,
    // Own process group: Ctrl-C on the terminal reaches only runbook, which then stops the group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  const flow = pumpOutput(child, options);

  const done = new Promise<GroupExit>((resolve) => {
    let exit: GroupExit | undefined;
    let open = 2;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (!exit || open > 0) return;
      if (drainTimer) clearTimeout(drainTimer);
      resolve(exit);
    };
    const closed = () => {
      open -= 1;
      finish();
    };
    child.stdout.once('close', closed);
    child.stderr.once('close', closed);
    child.once('error', (error: NodeJS.ErrnoException) => {
      exit = { exitCode: error.code === 'ENOENT' ? 127 : 126, signal: null };
      open = 0;
      finish();
    });
    child.once('exit', (exitCode, signal) => {
      exit = { exitCode, signal };
      if (open > 0) {
        // Pipes still open after the exit are given up on once quiet for DRAIN_MS, or after DRAIN_PERIODS
        // of printing — counted only while they are read: output waiting for a slow reader (backpressure)
        // is the shell's own, not a background grandchild's, and is never cut off.
        let periods = 0;
        const giveUp = () => {
          if (flow.held() > 0 || (Date.now() - flow.lastData() < DRAIN_MS && ++periods < DRAIN_PERIODS)) {
            drainTimer = setTimeout(giveUp, DRAIN_MS);
            return;
          }
          child.stdout.destroy();
          child.stderr.destroy();
          open = 0;
          finish();
        };
        drainTimer = setTimeout(giveUp, DRAIN_MS);
      }
      finish();
    });
  });

  return {
    pid,
    done,
    async stop(graceMs) {
      flow.flowAll();
      if (pid === undefined) return;
      if (!signalGroup(pid, 'SIGTERM')) return;
      if (await waitGroupGone(pid, graceMs)) return;
      signalGroup(pid, 'SIGKILL');
      await waitGroupGone(pid, 2_000);
    },
    kill() {
      flow.flowAll();
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    },
  };
}
