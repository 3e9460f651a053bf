// End to end, nothing mocked between them: the sandbox's recommendation-api goes down → real Prometheus scrapes it and
// fires a rule → real Alertmanager groups and posts the webhook → runbook serve runs service-restart in the sandbox,
// silences the alert while it runs and expires the silence → the alert resolves in Alertmanager.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startAlertmanager, startPrometheus, waitUntil, type Daemon } from '../helpers/monitoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { notificationSink, repo, requests, startServe, TOKENS, writeOperators, type Serve } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const PROMETHEUS_RULES = `groups:
  - name: stack
    rules:
      - alert: ServiceDown
        expr: up{job="recommendation-api"} == 0
        labels: { severity: critical }
        annotations: { summary: "{{ $labels.service }} does not answer its scrape" }
`;

function sandboxShell(dir: string, command: string): Promise<number> {
  const { env } = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { env: Record<string, string> };
  return new Promise((resolve) => execFile('bash', ['-c', command], { cwd: join(dir, 'opt', 'recommend'), env: { ...process.env, ...env } }, (error) => resolve(error ? 1 : 0)));
}

describe('runbook serve, end to end', () => {
  it('restarts the recommendation-api Prometheus saw go down, silenced while it runs, and sees the alert resolve', async () => {
    const dir = tempDir();
    const sink = await notificationSink();
    cleanup.push(() => sink.close());
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      `notify:
  team: { via: webhook, url: ${JSON.stringify(sink.url)} }
rules:
  - name: service-down
    match: ['alertname="ServiceDown"', 'service=~"recommendation-api|mlflow"']
    playbook: ${JSON.stringify(join(repo, 'runbooks', 'service-restart.yaml'))}
    params: { service: "{{labels.service}}" }
    policy: auto
    cooldown: 1m
    resolve_within: 30s
    notify: [team]
`,
    );
    const amPort = await freePort();
    const serve: Serve = await startServe(['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db'), '--sandbox']);
    cleanup.push(() => serve.stop());
    const health = (await (await fetch(`${serve.url}/healthz`)).json()) as { sandbox: { dir: string; api_url: string } };
    const am: Daemon = await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort);
    cleanup.push(() => am.stop());
    const prometheus = await startPrometheus({
      targets: [{ job: 'recommendation-api', address: new URL(health.sandbox.api_url).host, labels: { service: 'recommendation-api' } }],
      rules: PROMETHEUS_RULES,
      alertmanager: am.url,
    });
    cleanup.push(() => prometheus.stop());
    const up = async () => {
      const answer = (await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('up{job="recommendation-api"}')}`)).json()) as { data: { result: { value: [number, string] }[] } };
      return answer.data.result[0]?.value[1];
    };
    await waitUntil('Prometheus to scrape the running api', async () => (await up()) === '1');

    // The api goes down, as a crashed container does.
    expect(await sandboxShell(health.sandbox.dir, 'docker compose stop recommendation-api')).toBe(0);

    const done = await waitUntil('the run to finish', async () => (await requests(serve.url)).find((r) => r.status === 'finished'), 45_000);
    expect(done).toMatchObject({ rule: 'service-down', playbook: 'service-restart', outcome: 'ok', exitCode: 0, params: { service: 'recommendation-api' }, alert: { alertname: 'ServiceDown' } });
    expect(done.silenceId).toEqual(expect.any(String));
    // The silence was Alertmanager's, made by runbook with the run's id, and it is expired now.
    const silence = (await (await fetch(`${am.url}/api/v2/silence/${done.silenceId}`)).json()) as { createdBy: string; comment: string; status: { state: string }; matchers: { name: string; value: string }[] };
    expect(silence.createdBy).toBe('runbook');
    expect(silence.comment).toContain(done.runId);
    expect(silence.status.state).toBe('expired');
    expect(silence.matchers).toEqual(expect.arrayContaining([{ name: 'alertname', value: 'ServiceDown', isRegex: false, isEqual: true }, expect.objectContaining({ name: 'service', value: 'recommendation-api' })]));

    // The api answers again, Prometheus sees it, and the alert resolves in Alertmanager.
    expect((await fetch(`${health.sandbox.api_url}/health`)).status).toBe(200);
    await waitUntil('the request to see the alert resolved', async () => (await requests(serve.url)).find((r) => r.id === done.id && r.resolution === 'resolved'), 30_000);
    const active = (await (await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent('alertname="ServiceDown"')}`)).json()) as unknown[];
    expect(active).toEqual([]);
    // One run only, and the team was told it started and how it finished.
    expect((await requests(serve.url)).filter((r) => r.status !== 'refused')).toHaveLength(1);
    await waitUntil('the notifications', async () => sink.received.length >= 2);
    expect(sink.received.map((n) => n.title)).toEqual([`Started: service-restart for ServiceDown (${done.id})`, `Finished: service-restart ok (${done.id})`]);
    expect(serve.log()).toContain('silence.expired');
  }, 90_000);
});
