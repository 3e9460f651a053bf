// Runs one command on a host over its master, shaped like the local spawnGroup: output callbacks, stop(grace), kill(), done.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import type { GroupExit } from '../process/group.js';
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

/** What the records and ssh said so far about one remote command. */
interface RunState {
  started: boolean;
  remotePgid?: number;
  /** The command's exit code, from its `x` record. */
  exitCode?: number;
  /** stop() or kill() was asked: a code above 128 is then the signal runbook sent. */
  stopping: boolean;
  /** runbook stopped waiting for the host and killed the ssh client. */
  gaveUp: boolean;
  /** The end of stderr before the `x` record: ssh's own words when it fails. */
  sshTail: string;
  /** Called when the `x` record arrives. */
  onExitRecord: () => void;
}

/** The result, once ssh's pipes are closed: the record's code, else a lost host (255 or killed), else the login shell's failure. */
function resultOf(state: RunState, sshExit: number | null | undefined, master: SshMaster): RemoteExit {
  if (state.exitCode !== undefined) {
    const signal = state.stopping && state.exitCode > 128 ? signalName(state.exitCode) : null;
    return signal ? { exitCode: null, signal } : { exitCode: state.exitCode, signal: null };
  }
  if (sshExit === 255 || sshExit === null || sshExit === undefined) {
    const said = classifySshError(state.sshTail);
    // ssh logs at ERROR level only: a lost connection often leaves no words; a command that had started, or a dead master, says enough.
    const reason = state.gaveUp ? 'no-answer' : said === 'ssh-failed' && (state.started || !master.alive) ? 'dropped' : said;
    return { exitCode: null, signal: null, unreachable: { reason, started: state.started, detail: sshDetail(state.sshTail) } };
  }
  // The host answered but the wrapper did not run (no bash there): a failed command, its stderr says why.
  return { exitCode: sshExit, signal: null };
}

/** Resolves when the command's record came and the output is drained (or given up on), or when ssh ended without one. */
function settle(child: ChildProcessWithoutNullStreams, state: RunState, filter: MarkerFilter, master: SshMaster): Promise<RemoteExit> {
  return new Promise((resolve) => {
    let open = 2;
    let sshExit: number | null | undefined;
    let drain: NodeJS.Timeout | undefined;
    const finish = () => {
      if (open > 0 || (state.exitCode === undefined && sshExit === undefined)) return;
      if (drain) clearTimeout(drain);
      child.stdin.destroy();
      resolve(resultOf(state, sshExit, master));
    };
    const closed = () => {
      open -= 1;
      if (open === 0) filter.end();
      finish();
    };
    child.stdout.once('close', closed);
    child.stderr.once('close', closed);
    child.once('error', (error: NodeJS.ErrnoException) => {
      state.sshTail = error.message;
      sshExit = 255;
      open = 0;
      finish();
    });
    child.once('exit', (code) => {
      sshExit = code;
      finish();
    });
    state.onExitRecord = () => {
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
  const state: RunState = { started: false, stopping: false, gaveUp: false, sshTail: '', onExitRecord: () => {} };
  child.stdin.on('error', () => {});
  child.stdin.write(input);
  child.stdout.on('data', options.onStdout);
  const filter = new MarkerFilter(
    nonce,
    (chunk) => {
      if (state.exitCode === undefined) state.sshTail = (state.sshTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      options.onStderr(chunk);
    },
    (kind, value) => {
      if (kind === 's') {
        state.started = true;
        state.remotePgid = Number(value) || undefined;
      } else if (kind === 'x') {
        state.exitCode = Number(value);
        state.onExitRecord();
      }
    },
  );
  child.stderr.on('data', (chunk: Buffer) => filter.push(chunk));
  const done = settle(child, state, filter, master);
  let settled = false;
  void done.then(() => (settled = true));
  /** Asks the host, and gives up on it (kills the local ssh: the host counts as lost) if it does not confirm in time. */
  const ask = (line: string, withinMs: number) => {
    if (settled) return;
    state.stopping = true;
    child.stdin.write(line);
    const timer = setTimeout(() => {
      if (settled) return;
      state.gaveUp = true;
      child.kill('SIGKILL');
    }, withinMs);
    void done.then(() => clearTimeout(timer));
  };
  return {
    host: master.target.name,
    pid: child.pid,
    get remotePgid() {
      return state.remotePgid;
    },
    done,
    async stop(graceMs) {
      ask(stopLine(graceMs), graceMs + CONFIRM_MS);
      await done;
    },
    kill() {
      ask(KILL_LINE, CONFIRM_MS);
    },
  };
}
