// The SSH side of one run: a private socket folder, one master per host (opened once), commands and locks over them.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeControlDir } from './control-dir.js';
import { takeRemoteLock, type RemoteLock, type RemoteLockRequest } from './lock.js';
import { SshMaster } from './master.js';
import type { SshSettings, SshTarget } from './ssh-args.js';
import { spawnRemote, type RemoteProcessGroup, type RemoteSpawnOptions } from './spawn.js';
import { sshPath } from './ssh-path.js';

export class SshSession {
  private readonly masters = new Map<string, Promise<SshMaster>>();
  private readonly locks = new Set<RemoteLock>();
  private count = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    /** The private (0700) folder of the control sockets. */
    readonly dir: string,
    readonly settings: SshSettings,
  ) {}

  static create(settings: SshSettings = {}): SshSession {
    const env = settings.env ?? process.env;
    // Found once for the run, not per command.
    return new SshSession(makeControlDir(env), { ...settings, ssh: settings.ssh ?? sshPath(env.PATH) });
  }

  /**
   * The master of a host, connecting on first use (one per host name for the whole session). Rejects with
   * HostUnreachableError naming the host; a host that failed stays failed for this session.
   */
  connect(target: SshTarget): Promise<SshMaster> {
    if (this.closing) return Promise.reject(new Error('the ssh session is closed'));
    let master = this.masters.get(target.name);
    if (!master) {
      // Sockets are named by a counter: the folder's path plus a short name stays within the socket path limit.
      master = SshMaster.open(target, join(this.dir, (this.count++).toString(36)), this.settings);
      master.catch(() => {});
      this.masters.set(target.name, master);
    }
    return master;
  }

  /** Runs a command on a host (connecting first if needed): the remote counterpart of spawnGroup. */
  async spawn(target: SshTarget, options: RemoteSpawnOptions): Promise<RemoteProcessGroup> {
    return spawnRemote(await this.connect(target), options);
  }

  /** Takes the run's lock on a host; released by close() if not before. */
  async lock(target: SshTarget, request: RemoteLockRequest): Promise<RemoteLock> {
    const lock = await takeRemoteLock(await this.connect(target), request);
    this.locks.add(lock);
    const release = lock.release.bind(lock);
    lock.release = async () => {
      this.locks.delete(lock);
      await release();
    };
    return lock;
  }

  /** Releases the locks, closes every master and removes the socket folder. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.locks].map((lock) => lock.release()));
      const masters = await Promise.allSettled(this.masters.values());
      await Promise.all(masters.map((m) => (m.status === 'fulfilled' ? m.value.close() : undefined)));
      rmSync(this.dir, { recursive: true, force: true });
    })();
    return this.closing;
  }
}
