// The hosts of a rollout as the live view shows them, folded from host events: each host's current step and status,
// the batch under way, the counts. Bounded work per event (a map by name), whatever the number of hosts.
import type { HostStatus, RunEvent } from '../engine/events.js';

export type HostState = 'waiting' | 'running' | HostStatus;

export interface HostLine {
  name: string;
  state: HostState;
  /** The step it runs or last ran. */
  step?: string;
  reason?: string;
  /** `unreachable` and never connected: nothing ran there (host.finished's `reached`). */
  reached?: false;
  /** Order of the last change (the panel shows the most recent first among equals). */
  seq: number;
}

export interface HostsView {
  hosts: Map<string, HostLine>;
  batch?: { n: number; of: number };
  seq: number;
  /** `--check`: the host steps that would run, and those that may (the summary counts them with the rows'). */
  wouldRun: number;
  unknown: number;
}

export function createHostsView(): HostsView {
  return { hosts: new Map(), seq: 0, wouldRun: 0, unknown: 0 };
}

function touch(view: HostsView, name: string, change: Partial<HostLine>): void {
  const line = view.hosts.get(name) ?? { name, state: 'waiting', seq: 0 };
  view.hosts.set(name, { ...line, ...change, seq: ++view.seq });
}

/** True for the events this view folds (the rows of the step list never see a host's step). */
export function isHostEvent(event: RunEvent): boolean {
  return event.host !== undefined || event.type === 'hosts.planned' || event.type === 'batch.started';
}

export function applyHostEvent(view: HostsView, event: RunEvent): void {
  switch (event.type) {
    case 'hosts.planned':
      for (const name of event.hosts) if (!view.hosts.has(name)) touch(view, name, {});
      return;
    case 'batch.started':
      view.batch = { n: event.batch, of: event.of };
      return;
    case 'host.finished':
      touch(view, event.host, { state: event.status, ...(event.reason ? { reason: event.reason } : {}), ...(event.reached === false ? { reached: false } : {}) });
      return;
    case 'step.started':
      if (event.host) touch(view, event.host, { state: 'running', step: event.id });
      return;
    case 'step.would_run':
      if (!event.host) return;
      if (event.unknown) view.unknown += 1;
      else view.wouldRun += 1;
      touch(view, event.host, { step: `${event.id} ${event.unknown ? '?' : '▷'}`, reason: event.reason });
      return;
    case 'rollback.started':
      if (event.host) touch(view, event.host, { state: 'running', step: `${event.id} ↺` });
      return;
    default:
      return;
  }
}

/** Hosts per state, for the panel's count line. */
export function hostCounts(view: HostsView): Record<'ok' | 'failed' | 'unreachable' | 'running' | 'waiting', number> {
  const counts = { ok: 0, failed: 0, unreachable: 0, running: 0, waiting: 0 };
  for (const line of view.hosts.values()) {
    if (line.state === 'ok' || line.state === 'running' || line.state === 'waiting' || line.state === 'unreachable') counts[line.state] += 1;
    else if (line.state !== 'not_started') counts.failed += 1;
    else counts.waiting += 1;
  }
  return counts;
}

const rank: Record<HostState, number> = { running: 0, failed: 1, rollback_failed: 1, unreachable: 1, interrupted: 1, rolled_back: 2, ok: 3, waiting: 4, not_started: 4 };

/** At most `max` hosts for the panel: running first, then trouble, then finished, then waiting; the most recent first. */
export function visibleHosts(view: HostsView, max: number): { lines: HostLine[]; hidden: number } {
  const all = [...view.hosts.values()].sort((a, b) => rank[a.state] - rank[b.state] || b.seq - a.seq);
  return { lines: all.slice(0, max), hidden: Math.max(0, all.length - max) };
}
