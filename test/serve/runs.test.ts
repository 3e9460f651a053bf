// The server outlives its runs: a run whose engine is killed is reported `crashed`, the next alert runs as usual,
// and /metrics (checked by promtool) counts it all.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, postAlerts, startAlertmanager, waitUntil } from '../helpers/monitoring.js';
import { tempDir } from '../helpers/temp-dir.js';
import { notificationSink, requests, startServe, TOKENS, writeOperators, writeScenario } from './harness.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function promtool(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
    child.stdin!.end(text);
  });
}

describe('runs', () => {
  it('survives a run whose engine is killed (outcome crashed, told), runs the next alert, and serves metrics promtool accepts', async () => {
    const dir = tempDir();
    const sink = await notificationSink();
    cleanup.push(() => sink.close());
    writeFileSync(join(dir, 'crash.yaml'), 'name: crash\nsteps:\n  - id: die\n    run: kill -KILL $PPID; sleep 0.2\n');
    const { rules } = writeScenario(dir, sink.url, `  - name: crash
    match: ['alertname="Crash"']
    playbook: crash.yaml
`);
    const amPort = await freePort();
    const serve = await startServe(['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db')], { RUNBOOK_HOME: join(dir, 'home') });
    cleanup.push(() => serve.stop());
    const am = await startAlertmanager([{ url: `${serve.url}/webhook`, token: TOKENS.alertmanager }], amPort);
    cleanup.push(() => am.stop());

    await postAlerts(am.url, [{ labels: { alertname: 'Crash' } }]);
    const crashed = await waitUntil('the crashed run', async () => (await requests(serve.url)).find((r) => r.rule === 'crash' && r.status === 'finished'));
    expect(crashed.outcome).toBe('crashed');
    expect(crashed.reason).toContain('the run process ended without finishing the run (signal SIGKILL)');
    await waitUntil('the notification', async () => sink.received.find((n) => n.title === `Finished: crash crashed (${crashed.id})`));

    await postAlerts(am.url, [{ labels: { alertname: 'AutoFix', service: 'redis' } }]);
    await waitUntil('the next run', async () => (await requests(serve.url)).find((r) => r.rule === 'auto-fix' && r.outcome === 'ok'));
    expect(serve.child.exitCode).toBeNull();

    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain('runbook_serve_runs_total{rule="crash",outcome="crashed"} 1');
    expect(metrics).toContain('runbook_serve_runs_total{rule="auto-fix",outcome="ok"} 1');
    expect(metrics).toContain('runbook_serve_alerts_received_total{status="firing"} 2');
    expect(metrics).toMatch(/^runbook_serve_pending_approvals 0$/m);
    expect(metrics).toContain('# TYPE runbook_serve_time_to_resolve_seconds histogram');
    const checked = await promtool(metrics);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  }, 60_000);

  it('a run goes on when the server is killed; the restarted server follows it, keeps its silence renewed, and records how it ended', async () => {
    const dir = tempDir();
    const sink = await notificationSink();
    cleanup.push(() => sink.close());
    const out = join(dir, 'slow.out');
    writeFileSync(join(dir, 'slow.yaml'), `name: slow\nsteps:\n  - id: work\n    run: sleep 3 && echo done >> ${out}\n`);
    const { rules } = writeScenario(dir, sink.url, `  - name: slow\n    match: ['alertname="Slow"']\n    playbook: slow.yaml\n`);
    const amPort = await freePort();
    const args = ['--rules', rules, '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', writeOperators(dir), '--store', join(dir, 'state.db'), '--server-id', 'ops-1'];
    const env = { RUNBOOK_HOME: join(dir, 'home'), RUNBOOK_SERVE_SILENCE_MS: '1500' };
    const first = await startServe(args, env);
    cleanup.push(() => first.stop());
    const am = await startAlertmanager([{ url: `${first.url}/webhook`, token: TOKENS.alertmanager }], amPort);
    cleanup.push(() => am.stop());
    const silenceOf = async (id: string) => (await (await fetch(`${am.url}/api/v2/silence/${id}`)).json()) as { endsAt: string; status: { state: string } };

    await postAlerts(am.url, [{ labels: { alertname: 'Slow' } }]);
    const running = await waitUntil('the run to hold its silence', async () => (await requests(first.url)).find((r) => r.status === 'running' && r.silenceId));
    const before = await silenceOf(running.silenceId!);
    expect(before.status.state).toBe('active');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServe([...args, '--listen', `127.0.0.1:${new URL(first.url).port}`], env);
    cleanup.push(() => second.stop());
    // The new server renews the silence of the run it found (its end moves on).
    await waitUntil('the silence to be renewed', async () => {
      const now = (await requests(second.url))[0]!;
      if (!now.silenceId) return false;
      const s = await silenceOf(now.silenceId);
      return s.status.state === 'active' && Date.parse(s.endsAt) > Date.parse(before.endsAt);
    });
    const done = await waitUntil('the run’s end, read from its journal', async () => (await requests(second.url)).find((r) => r.status === 'finished'), 20_000);
    expect(done).toMatchObject({ outcome: 'ok', exitCode: 0, runId: running.runId });
    expect((await silenceOf(done.silenceId!)).status.state).toBe('expired');
    expect(second.log()).toContain('silence.expired');
    expect(readFileSync(out, 'utf8')).toBe('done\n');
  }, 60_000);
});
