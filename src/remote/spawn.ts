// Runs one command on a host over its master, shaped like the local spawnGroup: output callbacks, stop(grace), kill(), done.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { GroupExit } from '../engine/run/process-group.js';
import { classifySshError, sshDetail, type Unreachable } from './classify.js';
import type { SshMaster } from './master.js';
import { MarkerFilter } from './markers.js';
import { sessionArgs } from './ssh-args.js';
import { KILL_LINE, stopLine, wrapperInput } from './wrapper.js';

export interface RemoteSpawnOptions {
  /** The command as renderCommand made it: values only as "${RUNBOOK_V_n}". */
  command: string;
  /** Exported for the command on the host (values, secrets): sent on stdin, never on a command line. */
  env: Record<string, string>;
  /** Folder on the host (relative: to the remote user's home); default the login folder. */
  cwd?: string;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
}

/** How a remote command ended: like a local group, or `unreachable` when ssh lost the host (exit code and signal null). */
export interface RemoteExit extends GroupExit {
  unreachable?: Unreachable;
}

export interface RemoteProcessGroup {
  /** The host's inventory name. */
  host: string;
  /** The local ssh client's pid. */
  pid: number | undefined;
  /** The remote process group (and session) id, once the command started. */
  readonly remotePgid: number | undefined;
  /** Resolves when the remote shell exited and its output is drained (or given up on shortly after), or the host was lost. */
  done: Promise<RemoteExit>;
  /** SIGTERM to the whole remote group, SIGKILL after `graceMs`; resolves when it is gone (or the host is lost). */
  stop(graceMs: number): Promise<void>;
  /** SIGKILL to the whole remote group at once. */
  kill(): void;
}

/** As the local group: how long output may go on after the shell exited (a background grandchild holding stdout). */
const DRAIN_MS = 200;
/** After stop's grace: how long the host may take to confirm before runbook gives up on it. */
const CONFIRM_MS = 5_000;
const STDERR_TAIL = 4096;

function signalName(code: number): NodeJS.Signals | null {
  const entry = Object.entries(constants.signals).find(([, n]) => n === code - 128);
  return entry ? (entry[0] as NodeJS.Signals) : null;
}

/** A group for a host already lost: done at once, the command never started. */
function lostGroup(master: SshMaster): RemoteProcessGroup {
  const unreachable: Unreachable = { ...(master.lost ?? { reason: 'dropped', detail: '' }), started: false };
  return { host: master.target.name, pid: undefined, remotePgid: undefined, done: Promise.resolve({ exitCode: null, signal: null, unreachable }), stop: async () => {}, kill: () => {} };
}

export function spawnRemote(master: SshMaster, options: RemoteSpawnOptions): RemoteProcessGroup {
  if (!master.alive) return lostGroup(master);
  const nonce = randomBytes(8).toString('hex');
  const input = wrapperInput(nonce, options.command, options.env, options.cwd);
  const child = spawn(master.settings.ssh ?? 'ssh', sessionArgs(master.target, master.socket, master.settings), {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: master.settings.env ?? process.env,
  });
  let started = false;
  let remotePgid: number | undefined;
  let exitCode: number | undefined;
  let stopping = false;
  let sshTail = '';
  child.stdin.on('error', () => {});
  child.stdin.write(input);
  child.stdout.on('data', options.onStdout);
  const filter = new MarkerFilter(
    nonce,
    (chunk) => {
      if (exitCode === undefined) sshTail = (sshTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      options.onStderr(chunk);
    },
    (kind, value) => {
      if (kind === 's') {
        started = true;
        remotePgid = Number(value) || undefined;
      } else if (kind === 'x') {
        exitCode = Number(value);
        onRemoteExit();
      }
    },
  );
  child.stderr.on('data', (chunk: Buffer) => filter.push(chunk));

  let onRemoteExit = () => {};
  let gaveUp = false;
  const done = new Promise<RemoteExit>((resolve) => {
    let open = 2;
    let sshExit: number | null | undefined;
    let drain: NodeJS.Timeout | undefined;
    const finish = () => {
      if (open > 0 || (exitCode === undefined && sshExit === undefined)) return;
      if (drain) clearTimeout(drain);
      child.stdin.destroy();
      if (exitCode !== undefined) {
        const signal = stopping && exitCode > 128 ? signalName(exitCode) : null;
        resolve(signal ? { exitCode: null, signal } : { exitCode, signal: null });
      } else if (sshExit === 255 || sshExit === null) {
        // ssh itself failed (255), or was killed: the host is lost. A command exiting 255 still sends its record.
        const said = classifySshError(sshTail);
        // ssh logs at ERROR level only: a lost connection often leaves no words; a command that had started, or a dead master, says enough.
        const reason = gaveUp ? 'no-answer' : said === 'ssh-failed' && (started || !master.alive) ? 'dropped' : said;
        resolve({ exitCode: null, signal: null, unreachable: { reason, started, detail: sshDetail(sshTail) } });
      } else {
        // The host answered but the wrapper did not run (no bash there): a failed command, its stderr says why.
        resolve({ exitCode: sshExit ?? null, signal: null });
      }
    };
    const closed = () => {
      open -= 1;
      if (open === 0) filter.end();
      finish();
    };
    child.stdout.once('close', closed);
    child.stderr.once('close', closed);
    child.once('error', (error: NodeJS.ErrnoException) => {
      sshTail = error.message;
      sshExit = 255;
      open = 0;
      finish();
    });
    child.once('exit', (code) => {
      sshExit = code;
      finish();
    });
    onRemoteExit = () => {
      // The shell ended; a background grandchild may hold the output open: stop reading shortly after, as locally.
      drain = setTimeout(() => {
        drain = undefined;
        child.stdout.destroy();
        child.stderr.destroy();
        filter.end();
        open = 0;
        if (sshExit === undefined) child.kill('SIGKILL');
        finish();
      }, DRAIN_MS);
    };
  });

  const settled = { value: false };
  void done.then(() => (settled.value = true));
  const giveUp = () => {
    if (settled.value) return;
    gaveUp = true;
    child.kill('SIGKILL');
  };

  return {
    host: master.target.name,
    pid: child.pid,
    get remotePgid() {
      return remotePgid;
    },
    done,
    async stop(graceMs) {
      if (settled.value) return;
      stopping = true;
      child.stdin.write(stopLine(graceMs));
      const timer = setTimeout(giveUp, graceMs + CONFIRM_MS);
      await done;
      clearTimeout(timer);
    },
    kill() {
      if (settled.value) return;
      stopping = true;
      child.stdin.write(KILL_LINE);
      const timer = setTimeout(giveUp, CONFIRM_MS);
      void done.then(() => clearTimeout(timer));
    },
  };
}
