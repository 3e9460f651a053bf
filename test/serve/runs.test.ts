// The server outlives its runs: a run whose engine is killed is reported `crashed`, the next alert runs as usual,
// and /metrics (checked by promtool) counts it all.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
});
