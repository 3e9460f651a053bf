// The server's notifications as they arrive: WeChat Work markdown within 4096 bytes, the gateway's {title, message},
// both languages, the URL from the environment, and a failure counted, never thrown.
import { describe, expect, it } from 'vitest';
import { approvalMessage, refusedMessage, startedMessage } from '../../src/serve/messages.js';
import { Notifier, safeUrl } from '../../src/serve/notifier.js';
import type { Rule, RuleSet } from '../../src/serve/rules.js';
import type { RunRequest } from '../../src/serve/store/types.js';
import { serve } from '../steps/server.js';

const rule = { name: 'down', notify: ['robot', 'gw'] } as unknown as Rule;

function request(patch: Partial<RunRequest> = {}): RunRequest {
  return {
    id: 'r-20261207-0a1b2c3d', rule: 'down', fingerprint: 'f1', alertname: 'ServiceDown', labels: { alertname: 'ServiceDown', service: 'mlflow' }, annotations: {},
    alertStartsAt: '', playbook: '/p.yaml', playbookName: 'mlflow-permissions', risk: 'high', params: { volume_dir: '/var/lib/mlflow', token: '••••••' }, needsApproval: true,
    approvalReason: 'risk', approval: { users: ['lead'], groups: ['sre'], minApprovals: 1 }, planSummary: 'Plan: mlflow-permissions\n' + '  1. chown — 修正属主 $ chown -R 50000:50000 /var/lib/mlflow\n'.repeat(200),
    status: 'pending', requestedBy: 'alertmanager', createdAt: 0, expiresAt: Date.parse('2026-12-07T01:00:00Z'), owner: 'a', leaseUntil: 0, version: 0, ...patch,
  };
}

describe('notifications of runbook serve', () => {
  it('approval needed: the plan and the commands, WeChat Work cut at 4096 bytes with a marker, the gateway whole, in zh-CN', async () => {
    const robot = await serve((_req, res) => res.end('{"errcode":0,"errmsg":"ok"}'));
    const gateway = await serve((_req, res) => res.end('{"ok":true}'));
    const results: { channel: string; ok: boolean }[] = [];
    const rules: RuleSet = {
      file: 'rules.yaml',
      rules: [],
      channels: { robot: { name: 'robot', via: 'wecom', url: { fromEnv: 'ROBOT_URL' }, events: ['approval'] }, gw: { name: 'gw', via: 'gateway', url: { value: gateway.url }, events: ['approval', 'finished'] } },
    };
    const notifier = new Notifier({ rules, env: { ROBOT_URL: `${robot.url}/cgi-bin/webhook/send?key=SECRETKEY` }, onResult: (r) => results.push(r) });
    notifier.send(rule, 'approval', approvalMessage(request(), { lang: 'zh-CN', approvals: 0, publicUrl: 'http://ops-1:9095' }));
    await notifier.drain();
    expect(results).toEqual([expect.objectContaining({ channel: 'robot', ok: true }), expect.objectContaining({ channel: 'gw', ok: true })]);
    const content = (JSON.parse(robot.requests[0]!.body) as { msgtype: string; markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(content.startsWith('**待审批：mlflow-permissions（告警 ServiceDown，r-20261207-0a1b2c3d）**\n告警：ServiceDown{service="mlflow"}')).toBe(true);
    expect(content).toContain('需要审批的原因：playbook 为 risk: high（始终需要人工审批）');
    expect(content).toContain('批准：`runbook approve r-20261207-0a1b2c3d --server http://ops-1:9095`');
    expect(content).toContain('参数：volume_dir=/var/lib/mlflow token=••••••');
    expect(content).toMatch(/✂ … \(\d+ bytes cut \/ 已截断 \d+ 字节\)$/);
    const gw = JSON.parse(gateway.requests[0]!.body) as { title: string; message: string };
    expect(gw.title).toBe('待审批：mlflow-permissions（告警 ServiceDown，r-20261207-0a1b2c3d）');
    expect(gw.message.length).toBeGreaterThan(4096);
  });

  it('an alert name, a parameter templated from a label or a reason cannot add a line to a message (shown as ␤)', () => {
    const forged = 'x\n批准：`runbook approve r-20261207-ffffffff`';
    const message = approvalMessage(request({ alertname: `Down\n**urgent**`, params: { volume_dir: forged } }), { lang: 'zh-CN', approvals: 0 });
    expect(message.title).toBe('待审批：mlflow-permissions（告警 Down␤**urgent**，r-20261207-0a1b2c3d）');
    const lines = message.body.split('\n');
    expect(lines.filter((l) => l.includes('approve r-20261207-ffffffff'))).toEqual(['参数：volume_dir=x␤批准：`runbook approve r-20261207-ffffffff`']);
    expect(lines[0]).toBe('告警：Down␤**urgent**{service="mlflow"}');
    const refused = refusedMessage(request({ status: 'refused', reason: 'bad\n批准：`runbook approve r-x`' }), 'zh-CN');
    expect(refused.body.split('\n').filter((l) => l.includes('runbook approve'))).toEqual(['原因：bad␤批准：`runbook approve r-x`']);
  });

  it("a label's value with a line or paragraph separator or a bidi override shows it as its escape, in every message", () => {
    const labels = { alertname: 'ServiceDown', service: 'a\u2028b\u2029c\u202ed' };
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const message of [approvalMessage(request({ labels }), { lang, approvals: 0 }), startedMessage(request({ labels }), lang), refusedMessage(request({ labels }), lang)]) {
        expect(message.body).not.toMatch(/[\u2028\u2029\u202e]/);
        expect(message.body.split('\n')[0]).toMatch(/ServiceDown\{service="a\\u2028b\\u2029c\\u202ed"\}$/);
      }
    }
  });

  it('a robot that answers an errcode, or a variable that is not set, is a failure counted and logged without the key', async () => {
    const robot = await serve((_req, res) => res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
    const results: { channel: string; ok: boolean; failure?: string }[] = [];
    const rules: RuleSet = {
      file: 'rules.yaml',
      rules: [],
      channels: { robot: { name: 'robot', via: 'wecom', url: { value: `${robot.url}/send?key=SECRETKEY` }, events: ['started'] }, gw: { name: 'gw', via: 'gateway', url: { fromEnv: 'NOT_SET' }, events: ['started'] } },
    };
    const notifier = new Notifier({ rules, env: {}, onResult: (r) => results.push(r) });
    notifier.send(rule, 'started', { title: 'Started', body: 'x' });
    await notifier.drain();
    expect(results).toContainEqual(expect.objectContaining({ channel: 'gw', ok: false, failure: 'NOT_SET is not set' }));
    expect(results).toContainEqual(expect.objectContaining({ channel: 'robot', ok: false, failure: `errcode 93000 invalid webhook url (${robot.url}/send)` }));
    expect(JSON.stringify(results)).not.toContain('SECRETKEY');
    expect(safeUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send');
  });
});
