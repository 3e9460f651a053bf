// `runbook pending` keeps each request's values on their lines: an alert's label, name or parameter cannot add one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const request = {
  id: 'r-20261207-0a1b2c3d', status: 'pending', rule: 'down', playbook: 'mlflow-permissions', risk: 'high',
  alert: { alertname: 'Down\nr-20261207-ffffffff  pending  ok', fingerprint: 'f1', labels: { alertname: 'Down', service: 'a\u2028b\u2029c\u202ed' } },
  params: { note: 'x\n  approvals: 1 of 1' }, approvers: { minApprovals: 1 }, decisions: [], reason: 'because\u2028  reason: forged',
};

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ requests: [request] })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('runbook pending', () => {
  it.each(['en', 'zh-CN'])('shows line breaks, separators and bidi overrides in a value as ␤ or escapes (%s)', async (lang) => {
    const out = await runbook(['pending', '--server', url, '--lang', lang], { env: { RUNBOOK_TOKEN: 't' } });
    expect(out.code).toBe(0);
    expect(out.stdout).not.toMatch(/[\u2028\u2029\u202e]/);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('Down␤r-20261207-ffffffff  pending  ok service="a\\u2028b\\u2029c\\u202ed"');
    expect(lines[2]).toContain('note=x␤  approvals: 1 of 1');
    expect(lines[4]).toContain('because\\u2028  reason: forged');
  });
});
