// `resume` of a playbook with `targets`: which hosts finished (not touched again) and which are retried.
import type { HostStatus, RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';

/** Each host's last outcome in a run's events; a host with none never finished (its outcome is unknown). */
export function hostOutcomes(events: readonly RunEvent[]): Map<string, HostStatus> {
  const out = new Map<string, HostStatus>();
  for (const event of events) if (event.type === 'host.finished') out.set(event.host, event.status);
  return out;
}

/** The hosts that finished (`ok`, not rolled back since): resume leaves them alone. */
export function hostsDone(events: readonly RunEvent[]): string[] {
  return [...hostOutcomes(events)].filter(([, status]) => status === 'ok').map(([host]) => host);
}

/**
 * Nothing is left to resume: every host selected finished in the run resumed, and so did every local step (a step the
 * selection leaves out does not count; a loop over a step output counts as left, to be safe).
 */
export function nothingLeft(plan: CompiledPlan, hosts: readonly string[], done: { hosts: readonly string[]; steps: readonly string[] }): boolean {
  const hostsDone = new Set(done.hosts);
  const stepsDone = new Set(done.steps);
  if (!hosts.every((h) => hostsDone.has(h))) return false;
  return plan.steps.every((s) => s.on === 'targets' || s.deselected !== undefined || stepsDone.has(s.id));
}
