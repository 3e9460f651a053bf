// Alerts are untrusted input: a hostile label value is refused (never run), a value that passes its checks never becomes
// shell code, a repeated notification starts one run, and the webhook refuses what it cannot trust (auth, size, JSON).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, postAlerts, startAlertmanager, waitUntil } from '../helpers/monitoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { api, notificationSink, requests, startServe, TOKENS, writeOperators, writeScenario } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(withAlertmanager = true) {
  const dir = tempDir();
  const sink = await notificationSink();
  cleanup.push(() => sink.close());
  const { rules, log } = writeScenario(dir, sink.url);
  const amPort = await freePort();
  const serve = await startServe(['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db')], { RUNBOOK_HOME: join(dir, 'home') });
  cleanup.push(() => serve.stop());
  const am = withAlertmanager ? await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort) : undefined;
  if (am) cleanup.push(() => am.stop());
  return { dir, sink, log, serve, am };
}

const webhook = (alerts: object[]) => ({ version: '4', status: 'firing', receiver: 'runbook', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts });
const firing = (fingerprint: string, labels: Record<string, string>, annotations: Record<string, string> = {}) => ({ status: 'firing', labels, annotations, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint });

describe('untrusted alerts', () => {
  it('refuses a label value that fails the parameter’s pattern, reports it, and runs nothing', async () => {
    const s = await setup();
    const sentinel = join(s.dir, 'pwned');
    await postAlerts(s.am!.url, [{ labels: { alertname: 'AutoFix', service: `api; touch ${sentinel}` } }]);
    const refused = await waitUntil('the refusal', async () => (await requests(s.serve.url)).find((r) => r.status === 'refused'));
    expect(refused.reason).toContain('the playbook refuses these values');
    expect(refused.reason).toContain('[a-z][a-z0-9-]*');
    const told = await waitUntil('the refusal notification', async () => s.sink.received.find((n) => n.title.startsWith('Refused')));
    expect(told.message).toContain('the playbook refuses these values');
    // Nothing ran: no run, no sentinel, no record.
    expect(refused.runId).toBeUndefined();
    expect(existsSync(sentinel)).toBe(false);
    expect(existsSync(s.log)).toBe(false);
  }, 60_000);

  it('a free-text value that passes its checks reaches the command as data, never as shell code', async () => {
    const s = await setup();
    const sentinel = join(s.dir, 'pwned');
    // Its line break must not start a line of the notifications either (`reason: …` under the parameters).
    const note = `x"; touch ${sentinel}; echo "$(touch ${sentinel})\`touch ${sentinel}\`\nreason: forged`;
    await postAlerts(s.am!.url, [{ labels: { alertname: 'AutoFix', service: 'mlflow' }, annotations: { note } }]);
    await waitUntil('the run', async () => (await requests(s.serve.url)).find((r) => r.status === 'finished'), 10_000).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${s.serve.log()}\n${JSON.stringify(await requests(s.serve.url))}`);
    });
    expect(readFileSync(s.log, 'utf8')).toBe(`mlflow|${note}\n`);
    expect(existsSync(sentinel)).toBe(false);
    const started = await waitUntil('the started notification', async () => s.sink.received.find((n) => n.title.startsWith('Started')));
    expect(started.message).toContain('\u2424reason: forged');
    expect(started.message.split('\n').filter((line) => line.includes('forged'))).toEqual([expect.stringMatching(/^params: service=mlflow note=x"; touch /)]);
  }, 60_000);

  it('a notification repeated (as Alertmanager in HA sends it to each peer) starts one run', async () => {
    const s = await setup();
    // Alertmanager has the alert firing (the server asks it before acting); the same notification then arrives three times.
    await postAlerts(s.am!.url, [{ labels: { alertname: 'AutoFix', service: 'redis' } }]);
    const first = await waitUntil('the first request', async () => (await requests(s.serve.url))[0]);
    const again = webhook([firing(first.alert.fingerprint, { alertname: 'AutoFix', service: 'redis' })]);
    for (let i = 0; i < 3; i++) {
      const answer = await api(s.serve.url, TOKENS.alertmanager, 'POST', '/webhook', again);
      expect(answer).toMatchObject({ status: 200, body: { results: [{ result: 'duplicate' }] } });
    }
    await waitUntil('the run', async () => (await requests(s.serve.url)).find((r) => r.status === 'finished'), 20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${s.serve.log()}`);
    });
    expect(readFileSync(s.log, 'utf8')).toBe('redis|\n');
    expect(await requests(s.serve.url)).toHaveLength(1);
    const metrics = await (await fetch(`${s.serve.url}/metrics`)).text();
    expect(metrics).toContain('runbook_serve_requests_total{rule="auto-fix",result="duplicate"} 3');
  }, 60_000);

  it('the webhook: 401 without the token, 403 with a token without the webhook role, 413 past 1 MiB, 400 for bad JSON or payloads, with nothing done', async () => {
    const s = await setup(false);
    const post = (headers: Record<string, string>, body: string) => fetch(`${s.serve.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const valid = JSON.stringify(webhook([firing('abc123', { alertname: 'AutoFix', service: 'redis' })]));
    expect((await post({}, valid)).status).toBe(401);
    expect((await post({ authorization: 'Bearer not-a-token' }, valid)).status).toBe(401);
    expect((await post({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, valid)).status).toBe(401);
    expect((await post({ authorization: `Bearer ${TOKENS.alice}` }, valid)).status).toBe(403);
    const bearer = { authorization: `Bearer ${TOKENS.alertmanager}` };
    expect((await post(bearer, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
    expect((await post(bearer, '{"alerts": [')).status).toBe(400);
    expect((await post(bearer, '[]')).status).toBe(400);
    const bad = await post(bearer, JSON.stringify(webhook([{ ...firing('abc123', { alertname: 'AutoFix' }), labels: { alertname: 'AutoFix', service: 7 } }])));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad-payload', detail: 'alerts[0].labels.service must be a string' });
    // A batch with one bad alert is refused whole: the good one before it was not taken either.
    const mixed = await post(bearer, JSON.stringify(webhook([firing('abc123', { alertname: 'AutoFix', service: 'redis' }), { status: 'maybe' }])));
    expect(mixed.status).toBe(400);
    expect(await requests(s.serve.url)).toEqual([]);
    const metrics = await (await fetch(`${s.serve.url}/metrics`)).text();
    expect(metrics).not.toContain('runbook_serve_alerts_received_total{');
    // The API needs a token too.
    expect((await fetch(`${s.serve.url}/api/v1/requests`)).status).toBe(401);
  }, 60_000);

  it('a secret parameter a rule gives reaches the run through the environment, and is masked in the request and notifications', async () => {
    const dir = tempDir();
    const sink = await notificationSink();
    cleanup.push(() => sink.close());
    const out = join(dir, 'secret.out');
    writeFileSync(join(dir, 'secretive.yaml'), `name: secretive\nparams:\n  token: { secret: true }\nsteps:\n  - id: use\n    run: test {{token}} = s3cr3t-from-the-alert && echo used > ${out}\n`);
    const { rules } = writeScenario(dir, sink.url, `  - name: secretive\n    match: ['alertname="Secretive"']\n    playbook: secretive.yaml\n    params: { token: "{{annotations.token}}" }\n`);
    const amPort = await freePort();
    const serve = await startServe(['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db')], { RUNBOOK_HOME: join(dir, 'home') });
    cleanup.push(() => serve.stop());
    const am = await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort);
    cleanup.push(() => am.stop());
    await postAlerts(am.url, [{ labels: { alertname: 'Secretive' }, annotations: { token: 's3cr3t-from-the-alert' } }]);
    const done = await waitUntil('the run', async () => (await requests(serve.url)).find((r) => r.status === 'finished'));
    expect(done).toMatchObject({ outcome: 'ok', params: { token: '••••••' } });
    expect(readFileSync(out, 'utf8')).toBe('used\n');
    await waitUntil('the notifications', async () => sink.received.length >= 2);
    expect(JSON.stringify(sink.received)).not.toContain('s3cr3t-from-the-alert');
    expect(readFileSync(join(dir, 'home', 'runs', done.runId!, 'meta.json'), 'utf8')).not.toContain('s3cr3t-from-the-alert');
  }, 60_000);
});
