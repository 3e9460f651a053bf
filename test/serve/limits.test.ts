// Limits in time: approvals expire, a rule's hourly budget refuses the rest, and an alert that outlives a successful
// run is reported *did not resolve* with the escalation notification.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { freePort, postAlerts, startAlertmanager, waitUntil } from '../helpers/monitoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { notificationSink, requests, startServe, TOKENS, writeOperators, writeScenario } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const EXTRA = (log: string) => `  - name: hasty
    match: ['alertname="Hasty"']
    playbook: record.yaml
    params: { service: "{{labels.service}}", out: ${JSON.stringify(log)} }
    policy: approve
    approval: { timeout: 300ms }
  - name: budget
    match: ['alertname="Budget"']
    playbook: record.yaml
    params: { service: "{{labels.service}}", out: ${JSON.stringify(log)} }
    max_runs_per_hour: 1
  - name: stubborn
    match: ['alertname="Stubborn"']
    playbook: record.yaml
    params: { service: "{{labels.service}}", out: ${JSON.stringify(log)} }
    resolve_within: 500ms
`;

async function setup() {
  const dir = tempDir();
  const sink = await notificationSink();
  cleanup.push(() => sink.close());
  const log = join(dir, 'runs.log');
  const { rules } = writeScenario(dir, sink.url, EXTRA(log));
  const amPort = await freePort();
  const serve = await startServe(['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db')], { RUNBOOK_HOME: join(dir, 'home') });
  cleanup.push(() => serve.stop());
  const am = await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort);
  cleanup.push(() => am.stop());
  return { sink, log, serve, am };
}

describe('limits', () => {
  it('a request nobody approves in time expires, is told, and can no longer be approved', async () => {
    const s = await setup();
    await postAlerts(s.am.url, [{ labels: { alertname: 'Hasty', service: 'redis' } }]);
    const expired = await waitUntil('the expiry', async () => (await requests(s.serve.url)).find((r) => r.status === 'expired'));
    expect(expired.reason).toBe('no decision within 300ms');
    await waitUntil('the notification', async () => s.sink.received.find((n) => n.title === `Not run: record expired (${expired.id})`));
    expect(await runbook(['approve', expired.id, '--server', s.serve.url], { env: { RUNBOOK_TOKEN: TOKENS.alice } })).toMatchObject({ code: 1, stderr: expect.stringContaining('is not waiting for approval any more') });
    expect(existsSync(s.log)).toBe(false);
  }, 60_000);

  it('max_runs_per_hour: the run beyond the budget is refused and reported', async () => {
    const s = await setup();
    await postAlerts(s.am.url, [{ labels: { alertname: 'Budget', service: 'redis' } }]);
    await waitUntil('the first run', async () => (await requests(s.serve.url)).find((r) => r.outcome === 'ok'));
    await postAlerts(s.am.url, [{ labels: { alertname: 'Budget', service: 'mlflow' } }]);
    const refused = await waitUntil('the refusal', async () => (await requests(s.serve.url)).find((r) => r.status === 'refused'));
    expect(refused.reason).toBe('rule `budget` already started 1 run(s) in the last hour (max_runs_per_hour 1)');
    expect(readFileSync(s.log, 'utf8')).toBe('redis|\n');
  }, 60_000);

  it('an alert still firing resolve_within after a successful run: did not resolve, escalated', async () => {
    const s = await setup();
    await postAlerts(s.am.url, [{ labels: { alertname: 'Stubborn', service: 'redis' } }]);
    const unresolved = await waitUntil('did not resolve', async () => (await requests(s.serve.url)).find((r) => r.resolution === 'unresolved'));
    expect(unresolved).toMatchObject({ outcome: 'ok', status: 'finished' });
    const escalation = await waitUntil('the escalation', async () => s.sink.received.find((n) => n.title.startsWith('Did not resolve')));
    expect(escalation).toEqual({ title: `Did not resolve: Stubborn (${unresolved.id})`, message: expect.stringContaining('record succeeded, but the alert is still firing 500ms later: a person must look'), text: expect.any(String) });
    const metrics = await (await fetch(`${s.serve.url}/metrics`)).text();
    expect(metrics).toContain('runbook_serve_unresolved_total{rule="stubborn"} 1');
  }, 60_000);
});
