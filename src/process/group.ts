// Spawns a shell command in its own process group and stops the whole group (SIGTERM, then SIGKILL).
//
// Plain child_process.spawn rather than execa: the engine needs exactly three things execa would wrap —
// a detached group it signals as a whole (`kill(-pgid)`), raw byte chunks it streams with bounded
// memory, and "the shell exited" rather than "every pipe closed" (a backgrounded grandchild may hold
// stdout open for hours) — and the per-step overhead budget (bench/engine.bench.mjs) leaves no room.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { pumpOutput } from './pump.js';
import { becomeSpawn, type BecomeTarget } from './become.js';
import { shellArgs, shellPath } from './shell.js';
import { signalGroup, waitGroupGone } from './signal.js';

export interface GroupExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** A remote host was lost during the command (its outcome is unknown): why, in words for the reason. */
  lost?: string;
}

export interface SpawnGroupOptions {
  command: string;
  env: Record<string, string>;
  cwd: string;
  /** A promise back pauses reading that pipe until it resolves (backpressure from the reporters). */
  onStdout(chunk: Buffer): Promise<void> | void;
  onStderr(chunk: Buffer): Promise<void> | void;
  /** Run as another user (`become`; src/process/become.ts). */
  become?: BecomeTarget;
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

export function spawnGroup(options: SpawnGroupOptions): ProcessGroup {
  const shell = shellPath(options.env.PATH);
  const as = options.become ? becomeSpawn(options.become, shell, shellArgs(options.command), options.command, options.env) : undefined;
  const spawned = spawn(as?.file ?? shell, as?.args ?? shellArgs(options.command), {
    cwd: options.cwd,
    env: as?.env ?? options.env,
    // Own process group: Ctrl-C on the terminal reaches only runbook, which then stops the group.
    detached: true,
    stdio: [as?.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (as?.stdin !== undefined && spawned.stdin) {
    // The reader closes its stdin once it has the variables; a command that exits first must not crash runbook.
    spawned.stdin.on('error', () => {});
    spawned.stdin.end(as.stdin);
  }
  // stdout and stderr are pipes (stdin is this module's business only).
  const child = spawned as ChildProcessByStdio<null, Readable, Readable>;
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
