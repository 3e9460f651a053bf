// One ssh master per host and run: the one TCP connection, opened once, that every command and lock of the run shares.
import { spawn, type ChildProcess } from 'node:child_process';
import { classifySshError, sshDetail, type Unreachable } from './classify.js';
import { HostUnreachableError } from './errors.js';
import { MASTER_READY, masterArgs, type SshSettings, type SshTarget } from './ssh-args.js';

/** ssh's stderr kept for the message (the first bytes tell why; a chatty proxy must not grow memory). */
const STDERR_CAP = 16 * 1024;

export class SshMaster {
  private readonly child: ChildProcess;
  private stderr = '';
  private exited = false;
  /** Connected once: a later exit is a lost connection. */
  private ready = false;
  private lostReason: Unreachable | undefined;
  /** Resolves when the master process is gone (closed by us, or the connection dropped). */
  readonly closed: Promise<void>;

  private constructor(
    readonly target: SshTarget,
    readonly socket: string,
    readonly settings: SshSettings,
  ) {
    this.child = spawn(settings.ssh ?? 'ssh', masterArgs(target, socket, settings), {
      // Its own process group: a Ctrl-C on the terminal reaches runbook, which decides; the master must outlive it
      // for the rollbacks. Its stdin is a pipe from runbook: when runbook ends, or dies, the master's session ends.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: settings.env ?? process.env,
    });
    this.child.stdin!.on('error', () => {});
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_CAP) this.stderr += chunk.toString('utf8');
    });
    this.closed = new Promise((resolve) => {
      const done = () => {
        this.exited = true;
        const said = classifySshError(this.stderr);
        this.lostReason ??= { reason: said === 'ssh-failed' && this.ready ? 'dropped' : said, started: false, detail: sshDetail(this.stderr) };
        resolve();
      };
      this.child.once('exit', done);
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        this.lostReason = { reason: error.code === 'ENOENT' ? 'ssh-missing' : 'ssh-failed', started: false, detail: error.message };
        done();
      });
    });
  }

  /** Connects; throws HostUnreachableError naming the host (unknown or changed host key, refused key, no answer …). */
  static async open(target: SshTarget, socket: string, settings: SshSettings = {}): Promise<SshMaster> {
    const master = new SshMaster(target, socket, settings);
    // ConnectTimeout bounds the TCP connection; a host that accepts and then says nothing is bounded here.
    const guard = setTimeout(() => {
      master.lostReason = { reason: 'no-answer', started: false, detail: sshDetail(master.stderr) };
      master.child.kill('SIGKILL');
    }, (target.connectTimeout + 20) * 1000);
    const ready = await new Promise<boolean>((resolve) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        if (!seen.includes(MASTER_READY)) return;
        master.child.stdout!.off('data', onData);
        master.child.stdout!.resume();
        resolve(true);
      };
      master.child.stdout!.on('data', onData);
      void master.closed.then(() => resolve(false));
    });
    clearTimeout(guard);
    master.ready = ready;
    if (!ready) throw new HostUnreachableError(target, master.lostReason ?? { reason: 'ssh-failed', started: false, detail: '' });
    return master;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Why the connection was lost (once it is). */
  get lost(): Unreachable | undefined {
    return this.exited ? this.lostReason : undefined;
  }

  /** Ends the master's session and waits for the process (SIGTERM, then SIGKILL, if it lingers). */
  async close(): Promise<void> {
    if (this.exited) return;
    this.lostReason = { reason: 'dropped', started: false, detail: 'closed by runbook' };
    this.child.stdin!.end();
    if (await within(this.closed, 2_000)) return;
    this.child.kill('SIGTERM');
    if (await within(this.closed, 2_000)) return;
    this.child.kill('SIGKILL');
    await this.closed;
  }
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
