// What every part of the server shares: the store, the rules, Alertmanager, notifications, metrics, settings.
import type { Lang } from '../i18n/index.js';
import type { Alertmanager } from './alertmanager.js';
import type { ServeMetrics } from './metrics.js';
import type { Notifier } from './notifier.js';
import type { RuleSet } from './rules.js';
import type { RunRequest, Store } from './store/types.js';

export interface ServeTiming {
  /** How often the server looks at its requests (queue, expiry, resolution, silences). */
  tickMs: number;
  /** How long a server's claim on its requests holds without renewal (another server takes over after). */
  leaseMs: number;
  /** A silence's end is this far ahead, renewed while the run holds its lock: if the server dies, it lapses. */
  silenceMs: number;
  /** How often the alert is asked about while waiting for it to resolve. */
  resolvePollMs: number;
}

export interface ServeContext {
  store: Store;
  rules: RuleSet;
  alertmanager: Alertmanager;
  notifier: Notifier;
  metrics: ServeMetrics;
  lang: Lang;
  /** The environment of the runs (RUNBOOK_PARAM_*, the playbooks' from_env) and of the channels' URLs. */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** `--home` for the runs (else the default home, as `play` finds it). */
  home?: string;
  /** The sandbox the runs play in (`serve --sandbox`). */
  sandbox?: { dir: string; vars: Record<string, string> };
  serverId: string;
  host: string;
  publicUrl?: string;
  timing: ServeTiming;
  log(event: string, fields?: Record<string, unknown>): void;
  now(): number;
}

/**
 * Reads the request, applies `change` and writes it at the version read, again until no other writer came
 * between (another server, the tick). `change` returns undefined to leave it as it is (e.g. its status moved on).
 */
export async function mutate(
  store: Store,
  id: string,
  change: (r: RunRequest) => Partial<RunRequest> | undefined,
  write: (next: RunRequest) => Promise<number | undefined> = (next) => store.update(next),
): Promise<RunRequest | undefined> {
  for (let i = 0; i < 20; i++) {
    const current = await store.get(id);
    if (!current) return undefined;
    const patch = change(current);
    if (!patch) return undefined;
    const next = { ...current, ...patch };
    const version = await write(next);
    if (version !== undefined) return { ...next, version };
    // Not written: the request changed under this server (read it again), or the write refused it as it is.
    if ((await store.get(id))?.version === current.version) return undefined;
  }
  throw new Error(`internal: request ${id} kept changing under this server`);
}

/** As mutate, for the change to `running`: undefined when the change does not apply or the rule has no free slot. */
export function startIfSlot(store: Store, id: string, max: number, change: (r: RunRequest) => Partial<RunRequest> | undefined): Promise<RunRequest | undefined> {
  return mutate(store, id, change, (next) => store.startRunning(next, max));
}
