// The target hosts of a run: one ssh master per host (connected once, in parallel), the run's lock on each, closed at the end.
import type { InventoryHost } from '../../inventory/model.js';
import { currentHolder } from '../../remote/lock.js';
import { HostUnreachableError, RemoteLockedError, unreachableText } from '../../remote/errors.js';
import type { SshMaster } from '../../remote/master.js';
import { SshSession } from '../../remote/session.js';
import type { SshSettings } from '../../remote/ssh-args.js';
import type { CompiledPlan } from '../plan.js';
import type { Lang } from '../text.js';
import type { RunOptions } from './types.js';

/** What the CLI hands the runner for a playbook with `targets`. */
export interface TargetOptions {
  /** The hosts the pattern selected, in inventory order. */
  hosts: readonly InventoryHost[];
  /** The pattern they were selected by (`--hosts`, else the playbook's `targets`). */
  pattern: string;
  ssh?: SshSettings;
  /** The inventory file as given (meta.json keeps it for resume). */
  inventoryFile?: string;
  /** `resume`: the hosts that finished in the run resumed (`fromRun`): not touched, shown as finished there. */
  done?: { fromRun: string; hosts: readonly string[] };
}

/** A host of the run: reached (its master), or not (why, in words). */
export interface TargetHost {
  host: InventoryHost;
  master?: SshMaster;
  unreachable?: string;
}

export class Targets {
  private constructor(
    readonly session: SshSession,
    readonly hosts: TargetHost[],
  ) {}

  /**
   * Connects to every host and takes the run's lock (the playbook's lock key) on each, in parallel. A host that
   * cannot be reached is kept as unreachable (it counts against max_fail); a host locked by another run fails the
   * whole run before anything changed: RemoteLockedError names the host and the holder.
   */
  static async open(options: TargetOptions, lockKey: string | undefined, runId: string, lang: Lang): Promise<Targets> {
    const session = SshSession.create(options.ssh ?? {});
    const done = new Set(options.done?.hosts ?? []);
    const chosen = options.hosts.filter((h) => !done.has(h.name));
    const holder = currentHolder(runId);
    const hosts = await Promise.all(
      chosen.map(async (host): Promise<TargetHost> => {
        try {
          const master = await session.connect(host);
          // `--check` changes nothing: it reads the hosts without their lock, as it does this host.
          if (lockKey !== undefined) await session.lock(host, { key: lockKey, dir: host.lockDir, holder, lang });
          return { host, master };
        } catch (error) {
          // Said in the run's language (the error's own message is in the environment's, not --lang's).
          if (error instanceof HostUnreachableError) return { host, unreachable: unreachableText(host, error.unreachable, lang).message };
          return { host, unreachable: '', error } as TargetHost & { error: unknown };
        }
      }),
    );
    const failed = hosts.find((h): h is TargetHost & { error: unknown } => 'error' in h);
    if (failed) {
      await session.close();
      // A lock held elsewhere first: it says who to ask.
      throw (hosts.find((h) => 'error' in h && (h as { error: unknown }).error instanceof RemoteLockedError) as { error: unknown } | undefined)?.error ?? failed.error;
    }
    return new Targets(session, hosts);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/** The run's targets, when the playbook has `targets` and the CLI selected hosts (`--check`: connected, not locked). */
export function openTargets(plan: CompiledPlan, options: RunOptions, runId: string): Promise<Targets | undefined> {
  // `resume --rollback` reaches only the hosts with rollbacks left (none: it rolls back this host's steps only).
  if (!plan.targets || (options.rollbackOnly && !options.rollbackOnly.hosts?.length)) return Promise.resolve(undefined);
  // The CLI always selects the hosts (src/cli/targets.ts): without them the target steps would run here.
  if (!options.targets) return Promise.reject(new Error('internal: a playbook with `targets` needs RunOptions.targets (the hosts)'));
  return Targets.open(options.targets, options.checkOnly ? undefined : plan.playbook.lock, runId, options.lang ?? 'en');
}
