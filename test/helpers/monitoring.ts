// Real Prometheus and Alertmanager (Debian's prometheus, prometheus-alertmanager) for tests: generated configs, loopback only, fast intervals.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';
export const PROMETHEUS_BIN = '/usr/bin/prometheus';

/** A loopback port free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls an async condition every 50 ms until it holds (returns its value) or `ms` pass; an error it throws ends the wait. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Daemon {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

async function daemon(bin: string, args: string[], dir: string, url: string, ready: string): Promise<Daemon> {
  const child: ChildProcess = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`${bin} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${log.slice(-2000)}`);
      return (await fetch(`${url}${ready}`).catch(() => undefined))?.ok;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, log: () => log, stop };
}

export interface Receiver {
  url: string;
  token: string;
}

/** Alertmanager routing every alert to the receivers (webhooks with a bearer token), grouping for 100 ms. */
export async function startAlertmanager(receivers: readonly Receiver[], port?: number): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-am-'));
  port ??= await freePort();
  const hooks = receivers
    .map((r) => `      - url: ${JSON.stringify(r.url)}\n        send_resolved: true\n        max_alerts: 0\n        http_config:\n          authorization: { type: Bearer, credentials: ${JSON.stringify(r.token)} }`)
    .join('\n');
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    `route:
  receiver: runbook
  group_by: [alertname, service]
  group_wait: 100ms
  group_interval: 300ms
  repeat_interval: 1h
receivers:
  - name: runbook
    webhook_configs:
${hooks}
`,
  );
  const args = [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'];
  return daemon(ALERTMANAGER_BIN, args, dir, `http://127.0.0.1:${port}`, '/-/ready');
}

/** Prometheus scraping `targets` every 250 ms, with alerting rules, sending to Alertmanager. */
export async function startPrometheus(options: { targets: { job: string; address: string; labels?: Record<string, string> }[]; rules: string; alertmanager: string }): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-prom-'));
  const port = await freePort();
  writeFileSync(join(dir, 'rules.yml'), options.rules);
  const jobs = options.targets
    .map((t) => `  - job_name: ${JSON.stringify(t.job)}\n    static_configs:\n      - targets: [${JSON.stringify(t.address)}]\n        labels: ${JSON.stringify(t.labels ?? {})}`)
    .join('\n');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:
  scrape_interval: 250ms
  scrape_timeout: 200ms
  evaluation_interval: 250ms
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - static_configs:
        - targets: [${JSON.stringify(new URL(options.alertmanager).host)}]
scrape_configs:
${jobs}
`,
  );
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--rules.alert.resend-delay=250ms', '--log.level=warn'];
  return daemon(PROMETHEUS_BIN, args, dir, `http://127.0.0.1:${port}`, '/-/ready');
}

/** Alerts posted to Alertmanager as Prometheus posts them (firing; `endsAt` in the past resolves them). */
export async function postAlerts(alertmanager: string, alerts: { labels: Record<string, string>; annotations?: Record<string, string>; endsAt?: string }[]): Promise<void> {
  const res = await fetch(`${alertmanager}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // A resolved alert (endsAt given) started before it ended, as Prometheus reports it.
    body: JSON.stringify(alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, startsAt: new Date(a.endsAt ? Date.parse(a.endsAt) - 60_000 : Date.now()).toISOString(), ...(a.endsAt ? { endsAt: a.endsAt } : {}) }))),
  });
  if (!res.ok) throw new Error(`POST alerts: HTTP ${res.status} ${await res.text()}`);
}
