// Approvals through the CLI (`runbook pending`, `runbook approve`), a restart of the server with a request pending, and the invariants around them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';
import { freePort, postAlerts, startAlertmanager, waitUntil } from '../helpers/monitoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { api, notificationSink, requests, startServe, TOKENS, writeOperators, writeScenario } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup() {
  const dir = tempDir();
  const sink = await notificationSink();
  cleanup.push(() => sink.close());
  const { rules, log } = writeScenario(dir, sink.url);
  const amPort = await freePort();
  const args = ['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db'), '--server-id', 'one', '--public-url', 'http://ops.example:9095'];
  const home = join(dir, 'home');
  const env = { RUNBOOK_HOME: home };
  let serve = await startServe(args, env);
  cleanup.push(() => serve.stop());
  const am = await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort);
  cleanup.push(() => am.stop());
  return {
    dir,
    sink,
    log,
    home,
    am,
    get serve() {
      return serve;
    },
    /** Stops the server and starts it again on the same port and store. */
    async restart() {
      const port = new URL(serve.url).port;
      await serve.stop();
      serve = await startServe([...args.map((a) => a), '--listen', `127.0.0.1:${port}`], env);
    },
  };
}

const cli = (args: string[], token: string, url: string) => runbook([...args, '--server', url], { env: { RUNBOOK_TOKEN: token } });

describe('approvals', () => {
  it('a pending request survives a restart, is listed and approved through the CLI, and its run journals who approved', async () => {
    const s = await setup();
    await postAlerts(s.am.url, [{ labels: { alertname: 'NeedsApproval', service: 'mlflow' } }]);
    const pending = await waitUntil('a pending request', async () => (await requests(s.serve.url)).find((r) => r.status === 'pending'));
    expect(pending).toMatchObject({ rule: 'approve-me', approvalReason: 'rule', params: { service: 'mlflow' }, requestedBy: 'alertmanager' });
    // The approval notification says what would run and how to approve.
    const asked = await waitUntil('the approval notification', async () => s.sink.received.find((n) => n.title.startsWith('Approval needed')));
    expect(asked.message).toContain(`runbook approve ${pending.id} --server http://ops.example:9095`);
    expect(asked.message).toContain("printf '%s|%s\\n' mlflow '' >>");

    await s.restart();
    const listed = await cli(['pending'], TOKENS.alice, s.serve.url);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${pending.id}  pending  approve-me → record (risk medium)`);
    expect(listed.stdout).toContain('1 approval(s) needed, 0 so far');

    // carol is not in the sre group; the webhook's own token has no approve role.
    expect(await cli(['approve', pending.id], TOKENS.carol, s.serve.url)).toMatchObject({ code: 1, stderr: expect.stringContaining(`you are not among the approvers of request ${pending.id}`) });
    expect(await cli(['approve', pending.id], TOKENS.alertmanager, s.serve.url)).toMatchObject({ code: 1, stderr: expect.stringContaining('needs the approve role') });
    expect(existsSync(s.log)).toBe(false);

    const approved = await cli(['approve', pending.id, '--reason', 'checked the volume'], TOKENS.alice, s.serve.url);
    expect(approved).toMatchObject({ code: 0, stdout: `approved ${pending.id}: it runs when its rule has a free slot\n` });
    const done = await waitUntil('the run', async () => (await requests(s.serve.url)).find((r) => r.id === pending.id && r.status === 'finished'));
    expect(done).toMatchObject({ outcome: 'ok', decisions: [{ who: 'alice', decision: 'approve', reason: 'checked the volume' }] });
    expect(readFileSync(s.log, 'utf8')).toBe('mlflow|\n');
    expect(await cli(['approve', pending.id], TOKENS.bob, s.serve.url)).toMatchObject({ code: 1, stderr: expect.stringContaining('is not waiting for approval any more') });

    // The run's journal says who approved it, and `runbook logs` shows it.
    const note = JSON.parse(readFileSync(join(s.home, 'runs', done.runId!, 'serve.json'), 'utf8')) as { request: string; approvedBy: { who: string; at: string }[] };
    expect(note).toMatchObject({ request: pending.id, rule: 'approve-me', requestedBy: 'alertmanager', approvedBy: [{ who: 'alice', reason: 'checked the volume' }] });
    const logs = await runbook(['logs', done.runId!], { env: { RUNBOOK_HOME: s.home } });
    expect(logs.stdout).toContain(`runbook serve: request ${pending.id}, rule approve-me, alert NeedsApproval (${pending.alert.fingerprint}), sent by alertmanager`);
    expect(logs.stdout).toMatch(/approved by alice at \d{4}-\d\d-\d\dT/);
  }, 60_000);

  it('nobody approves their own request, a denial needs a reason and ends the request, and a resolved alert cancels a pending one', async () => {
    const s = await setup();
    // bob may post alerts himself (webhook role) and approve: not his own request.
    const posted = await api(s.serve.url, TOKENS.bob, 'POST', '/webhook', { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'NeedsApproval', service: 'redis' }, annotations: {}, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', fingerprint: 'aaaa0001' }] });
    expect(posted.status).toBe(200);
    const own = await waitUntil('bob’s request', async () => (await requests(s.serve.url)).find((r) => r.requestedBy === 'bob'));
    expect(await cli(['approve', own.id], TOKENS.bob, s.serve.url)).toMatchObject({ code: 1, stderr: expect.stringContaining('was made with your token: someone else must approve it') });
    expect(await cli(['approve', own.id, '--deny'], TOKENS.alice, s.serve.url)).toMatchObject({ code: 2, stderr: expect.stringContaining('--deny needs --reason') });
    expect(await cli(['approve', own.id, '--deny', '--reason', 'not during the release'], TOKENS.alice, s.serve.url)).toMatchObject({ code: 0, stdout: `denied ${own.id}\n` });
    expect((await requests(s.serve.url)).find((r) => r.id === own.id)).toMatchObject({ status: 'denied', reason: 'denied by alice: not during the release' });

    await postAlerts(s.am.url, [{ labels: { alertname: 'NeedsApproval', service: 'mlflow' } }]);
    const pending = await waitUntil('a pending request', async () => (await requests(s.serve.url)).find((r) => r.status === 'pending'));
    await postAlerts(s.am.url, [{ labels: { alertname: 'NeedsApproval', service: 'mlflow' }, endsAt: new Date(Date.now() - 1000).toISOString() }]);
    await waitUntil('the resolved notification to cancel it', async () => (await requests(s.serve.url)).find((r) => r.id === pending.id && r.status === 'cancelled'));
    expect(await cli(['approve', pending.id], TOKENS.alice, s.serve.url)).toMatchObject({ code: 1 });
    expect(existsSync(s.log)).toBe(false);
  }, 60_000);

  it('a risk: high playbook waits for approval even when its rule says auto', async () => {
    const s = await setup();
    await postAlerts(s.am.url, [{ labels: { alertname: 'Risky', service: 'mlflow' } }]);
    const pending = await waitUntil('the request', async () => (await requests(s.serve.url)).find((r) => r.rule === 'risky'));
    expect(pending).toMatchObject({ status: 'pending', approvalReason: 'risk', risk: 'high' });
    // Five passes over the requests later, it still waits.
    const ticks = async () => ((await (await fetch(`${s.serve.url}/healthz`)).json()) as { ticks: number }).ticks;
    const from = await ticks();
    await waitUntil('five more ticks', async () => (await ticks()) >= from + 5);
    expect((await requests(s.serve.url)).find((r) => r.id === pending.id)!.status).toBe('pending');
    expect(existsSync(s.log)).toBe(false);
    expect((await cli(['approve', pending.id], TOKENS.alice, s.serve.url)).code).toBe(0);
    await waitUntil('the run', async () => (await requests(s.serve.url)).find((r) => r.id === pending.id && r.status === 'finished'));
    expect(readFileSync(s.log, 'utf8')).toBe('mlflow|\n');
  }, 60_000);
});
