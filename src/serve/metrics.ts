// /metrics of `runbook serve` (prom-client, a registry of its own): alerts received, requests and runs by outcome, pending approvals, time to resolve.
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServeMetrics {
  registry: Registry;
  alerts: Counter<'status'>;
  requests: Counter<'rule' | 'result'>;
  runs: Counter<'rule' | 'outcome'>;
  notifications: Counter<'via' | 'result'>;
  badLines: Counter;
  unresolved: Counter<'rule'>;
  pending: Gauge;
  timeToResolve: Histogram<'rule'>;
}

export async function createMetrics(countPending: () => Promise<number>): Promise<ServeMetrics> {
  const client = await import('prom-client');
  const registry = new client.Registry();
  const m = {
    registry,
    alerts: new client.Counter({ name: 'runbook_serve_alerts_received_total', help: 'Alerts received from Alertmanager, by status (firing, resolved).', labelNames: ['status'] as const, registers: [registry] }),
    requests: new client.Counter({
      name: 'runbook_serve_requests_total',
      help: 'What firing alerts led to, by rule: queued, pending (approval), duplicate (claimed in the cooldown), refused, unmatched.',
      labelNames: ['rule', 'result'] as const,
      registers: [registry],
    }),
    runs: new client.Counter({
      name: 'runbook_serve_runs_total',
      help: 'Runs by rule and outcome (the run status: ok, failed, rollback_failed, …; crashed; lost) and requests that ended without a run (denied, expired, cancelled, refused).',
      labelNames: ['rule', 'outcome'] as const,
      registers: [registry],
    }),
    notifications: new client.Counter({ name: 'runbook_serve_notifications_total', help: 'Notifications sent, by channel kind and result (ok, failed).', labelNames: ['via', 'result'] as const, registers: [registry] }),
    unresolved: new client.Counter({ name: 'runbook_serve_unresolved_total', help: 'Successful runs whose alert did not resolve within resolve_within (escalated).', labelNames: ['rule'] as const, registers: [registry] }),
    badLines: new client.Counter({ name: 'runbook_serve_malformed_event_lines_total', help: 'Lines of a run’s NDJSON output that were not events (skipped).', registers: [registry] }),
    pending: new client.Gauge({
      name: 'runbook_serve_pending_approvals',
      help: 'Requests waiting for approval.',
      registers: [registry],
      async collect() {
        this.set(await countPending());
      },
    }),
    timeToResolve: new client.Histogram({
      name: 'runbook_serve_time_to_resolve_seconds',
      help: 'From the alert’s start to its resolution, for alerts a successful run acted on.',
      labelNames: ['rule'] as const,
      buckets: [30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers: [registry],
    }),
  };
  // No collectDefaultMetrics: its nodejs_active_*_total gauges fail `promtool check metrics` (a gauge named _total).
  return m;
}
