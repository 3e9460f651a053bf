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
  for (const host of hosts) {
    if (host.lost !== undefined) state.emitter.emit({ type: 'host.finished', host: host.name, status: 'unreachable', batch: 0, reason: state.redactor.redact(host.lost) });
  }
  return hosts;
}
