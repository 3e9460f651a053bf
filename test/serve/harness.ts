// Starting `runbook serve` as its own process for tests: operators with tokens, a rules file, its log, its API.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashToken } from '../../src/serve/operators.js';
import type { RequestView } from '../../src/serve/view.js';
import { waitUntil } from '../helpers/monitoring.js';

export const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
export const repo = fileURLToPath(new URL('../../', import.meta.url));

export const TOKENS = {
  alertmanager: 'am-token-0123456789abcdefghijklmnopqrstuvwxyz',
  alice: 'alice-token-0123456789abcdefghijklmnopqrstuvwxyz',
  bob: 'bob-token-0123456789abcdefghijklmnopqrstuvwxyz',
  carol: 'carol-token-0123456789abcdefghijklmnopqrstuvwxyz',
} as const;

/** alertmanager (webhook), alice (sre), bob (webhook and approve: may send alerts himself), carol (no group). */
export function writeOperators(dir: string): string {
  const file = join(dir, 'operators.yaml');
  writeFileSync(
    file,
    `operators:
  - { name: alertmanager, roles: [webhook], token_sha256: ${hashToken(TOKENS.alertmanager)} }
  - { name: alice, groups: [sre], token_sha256: ${hashToken(TOKENS.alice)} }
  - { name: bob, groups: [sre], roles: [webhook, approve], token_sha256: ${hashToken(TOKENS.bob)} }
  - { name: carol, token_sha256: ${hashToken(TOKENS.carol)} }
`,
  );
  return file;
}

export interface Serve {
  url: string;
  child: ChildProcess;
  log(): string;
  /** Stops it with SIGTERM (its runs go on) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Fast intervals: the tests wait for conditions, and these make them come quickly. */
export const FAST = { RUNBOOK_SERVE_TICK_MS: '100', RUNBOOK_SERVE_SILENCE_MS: '3000', RUNBOOK_SERVE_RESOLVE_POLL_MS: '200', RUNBOOK_SERVE_LEASE_MS: '2000' };

export async function startServe(args: string[], env: Record<string, string> = {}): Promise<Serve> {
  const child = spawn(process.execPath, [bin, 'serve', '--listen', '127.0.0.1:0', ...args], {
    cwd: repo,
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...FAST, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString()));
  const url = await waitUntil('runbook serve to start', async () => {
    if (child.exitCode !== null) throw new Error(`runbook serve exited ${child.exitCode}: ${log}`);
    return /serve\.started \{"url":"([^"]+)"/.exec(log)?.[1];
  });
  return {
    url,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function api(url: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // text
  }
  return { status: res.status, body: (parsed && typeof parsed === 'object' ? parsed : { text: parsed }) as Record<string, unknown> };
}

/** Every request the server knows, by the alice token. */
export async function requests(url: string): Promise<RequestView[]> {
  return (await api(url, TOKENS.alice, 'GET', '/api/v1/requests?status=all')).body.requests as RequestView[];
}

/** A local webhook that records what notifications arrive. */
export async function notificationSink(): Promise<{ url: string; received: { title: string; message: string }[]; close(): void }> {
  const received: { title: string; message: string }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body) as { title: string; message: string });
      } catch {
        // ignore
      }
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/notify`, received, close: () => server.close() };
}

/** Playbooks and rules of the approval, hostile-label and HA tests: a step that records what it ran in `runs.log`. */
export function writeScenario(dir: string, sinkUrl: string, extraRules = ''): { rules: string; log: string } {
  const log = join(dir, 'runs.log');
  const playbook = (name: string, risk: string) => `name: ${name}
risk: ${risk}
params:
  service: { pattern: '[a-z][a-z0-9-]*' }
  note: { default: '' }
  out: { required: true }
steps:
  - id: record
    run: printf '%s|%s\\n' {{service}} {{note}} >> {{out}}
`;
  writeFileSync(join(dir, 'record.yaml'), playbook('record', 'medium'));
  writeFileSync(join(dir, 'record-high.yaml'), playbook('record-high', 'high'));
  const rules = join(dir, 'rules.yaml');
  writeFileSync(
    rules,
    `notify:
  sink: { via: webhook, url: ${JSON.stringify(sinkUrl)} }
defaults:
  cooldown: 1m
  resolve_within: 5s
  notify: [sink]
rules:
  - name: auto-fix
    match: ['alertname="AutoFix"']
    playbook: record.yaml
    params: { service: "{{labels.service}}", note: "{{annotations.note}}", out: ${JSON.stringify(log)} }
  - name: approve-me
    match: ['alertname="NeedsApproval"']
    playbook: record.yaml
    params: { service: "{{labels.service}}", out: ${JSON.stringify(log)} }
    policy: approve
    approval: { approvers: { groups: [sre] }, min_approvals: 1, timeout: 1m }
  - name: risky
    match: ['alertname="Risky"']
    playbook: record-high.yaml
    params: { service: "{{labels.service}}", out: ${JSON.stringify(log)} }
    policy: auto
${extraRules}`,
  );
  return { rules, log };
}
