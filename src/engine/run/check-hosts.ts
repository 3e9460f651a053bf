// `--check` of a playbook with `targets`: the hosts it reads (each over its own ssh master, without the run's lock).
import { planBatches, failuresAllowed } from './batches.js';
import { HostRunState } from './host-state.js';
import type { Frame, RunState } from './state.js';

/**
 * The hosts the target steps are checked on (none without targets): `hosts.planned` says which, and a host that could
 * not be reached is told at once (`host.finished` unreachable); its steps are then listed as unknown.
 */
export function announceHosts(state: RunState, frame: Frame): HostRunState[] {
  const spec = frame.plan.targets;
  const targets = state.targets?.hosts;
  if (!spec || !targets) return [];
  const batches = planBatches(spec, targets);
  state.emitter.emit({
    type: 'hosts.planned',
    pattern: state.options.targets?.pattern ?? spec.pattern,
    hosts: targets.map((t) => t.host.name),
    batches: batches.map((b) => b.map((t) => t.host.name)),
    maxFail: failuresAllowed(spec, targets.length),
  });
  const hosts = targets.map((target) => new HostRunState(state, target));
  for (const host of hosts) tellIfLost(host);
  return hosts;
}

/** The hosts already told unreachable in this check: each is told once. */
const told = new WeakSet<HostRunState>();

/**
 * A host that could not be reached, or was lost during a probe (the connection dropped, the key was refused), ends
 * as in a run: `host.finished` unreachable (journaled, shown by every view), once; its steps left are then unknown.
 */
export function tellIfLost(host: HostRunState): void {
  if (host.lost === undefined || told.has(host)) return;
  told.add(host);
  const { parent } = host;
  // Never connected: nothing was read there (a host lost during a probe was).
  const never = host.target.master === undefined ? { reached: false as const } : {};
  parent.emitter.emit({ type: 'host.finished', host: host.name, status: 'unreachable', batch: 0, reason: parent.redactor.redact(host.lost), ...never });
}
