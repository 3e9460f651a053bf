// Spawns a shell command in its own process group and stops the whole group (SIGTERM, then SIGKILL).
//
// Plain child_process.spawn rather than execa: the engine needs exactly three things execa would wrap —
// a detached group it signals as a whole (`kill(-pgid)`), raw byte chunks it streams with bounded
// memory, and "the shell exited" rather than "every pipe closed" (a backgrounded grandchild may hold
// stdout open for hours) — and the per-step overhead budget (bench/engine.bench.mjs) leaves no room.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
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

/** How long pipes may stay open after the shell exited (a background grandchild holding stdout). */
const DRAIN_MS = 200;

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
  for (;;) {
    if (!groupHasLiveMember(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Like groupAlive, but ignores zombies when /proc tells us (Linux); elsewhere trusts kill(0). */
function groupHasLiveMember(pgid: number): boolean {
  if (!groupAlive(pgid)) return false;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the command name `(…)`: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') return true;
    }
    return false;
  } catch {
    return true;
  }
}

export function spawnGroup(options: SpawnGroupOptions): ProcessGroup {
  const child = spawn('bash', shellArgs(options.command), {
    cwd: options.cwd,
    env: options.env,
    // Own process group: Ctrl-C on the terminal reaches only runbook, which then stops the group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  child.stdout.on('data', options.onStdout);
  child.stderr.on('data', options.onStderr);

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
        drainTimer = setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          open = 0;
          finish();
        }, DRAIN_MS);
      }
      finish();
    });
  });

  return {
    pid,
    done,
    async stop(graceMs) {
      if (pid === undefined) return;
      if (!signalGroup(pid, 'SIGTERM')) return;
      if (await waitGroupGone(pid, graceMs)) return;
      signalGroup(pid, 'SIGKILL');
      await waitGroupGone(pid, 2_000);
    },
    kill() {
      if (pid !== undefined) signalGroup(pid, 'SIGKILL');
    },
  };
}
