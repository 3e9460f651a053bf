// `resume` of a playbook with `targets`: which hosts finished (not touched again) and which are retried.
import type { HostStatus, RunEvent } from '../events.js';

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
