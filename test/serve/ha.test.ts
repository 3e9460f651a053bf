// Two servers on one PostgreSQL behind one Alertmanager (which, as in HA, sends every notification to each): one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, postAlerts, startAlertmanager, waitUntil } from '../helpers/monitoring.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';
import { notificationSink, requests, startServe, TOKENS, writeOperators, writeScenario } from './harness.js';

let pg: Postgres;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('two servers, one PostgreSQL', () => {
  it('both receive the same alerts; exactly one run per alert, and each server sees it', async () => {
    const dir = tempDir();
    const sink = await notificationSink();
    cleanup.push(() => sink.close());
    const { rules, log } = writeScenario(dir, sink.url);
    const store = await pg.database('ha');
    const amPort = await freePort();
    const common = ['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', store];
    const env = { RUNBOOK_HOME: join(dir, 'home') };
    const [a, b] = await Promise.all([startServe([...common, '--server-id', 'a'], env), startServe([...common, '--server-id', 'b'], env)]);
    cleanup.push(() => a.stop(), () => b.stop());
    const am = await startAlertmanager(
      [
        { url: `${a.url}/webhook`, token: TOKENS.alertmanager },
        { url: `${b.url}/webhook`, token: TOKENS.alertmanager },
      ],
      amPort,
    );
    cleanup.push(() => am.stop());
    await postAlerts(am.url, [
      { labels: { alertname: 'AutoFix', service: 'redis' } },
      { labels: { alertname: 'AutoFix', service: 'mlflow' } },
    ]);
    await waitUntil('both runs', async () => (await requests(a.url)).filter((r) => r.status === 'finished').length === 2);
    // Both servers were told of both alerts; one of them claimed each.
    const count = (event: string) => [a, b].map((s) => s.log().split(event).length - 1).reduce((x, y) => x + y, 0);
    await waitUntil('the notifications to reach both', async () => count('alert.duplicate') >= 2);
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean).sort()).toEqual(['mlflow|', 'redis|']);
    const seen = await requests(b.url);
    expect(seen).toHaveLength(2);
    expect(new Set(seen.map((r) => r.alert.labels.service))).toEqual(new Set(['redis', 'mlflow']));
    expect(count('request.queued')).toBe(2);
    expect(count('run.starting')).toBe(2);
  }, 90_000);
});
