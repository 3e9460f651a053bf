// Alerts in: a firing alert that a rule matches becomes one request per fingerprint and cooldown; a resolved one cancels what waits.
import { randomBytes } from 'node:crypto';
import { MASK } from '../engine/redact.js';
import { serveText } from '../i18n/serve.js';
import { mutate, type ServeContext } from './context.js';
import { approvalMessage, finishedMessage, refusedMessage } from './messages.js';
import { prepare } from './prepare.js';
import { findRule, type Rule } from './rules.js';
import type { RunRequest } from './store/types.js';
import type { Alert } from './webhook.js';

export type IntakeResult = { fingerprint: string; result: 'queued' | 'pending' | 'duplicate' | 'refused' | 'unmatched' | 'resolved'; id?: string };

/** `r-20261207-0a1b2c3d`: sortable by day, unguessable enough to be typed from a notification. */
export function newRequestId(now: number): string {
  return `r-${new Date(now).toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
}

export async function takeAlerts(ctx: ServeContext, alerts: readonly Alert[], caller: string): Promise<IntakeResult[]> {
  const out: IntakeResult[] = [];
  for (const alert of alerts) {
    ctx.metrics.alerts.inc({ status: alert.status });
    if (alert.status === 'resolved') {
      await resolved(ctx, alert);
      out.push({ fingerprint: alert.fingerprint, result: 'resolved' });
      continue;
    }
    const rule = findRule(ctx.rules, alert.labels);
    if (!rule) {
      ctx.metrics.requests.inc({ rule: '', result: 'unmatched' });
      ctx.log('alert.unmatched', { alertname: alert.labels.alertname, fingerprint: alert.fingerprint });
      out.push({ fingerprint: alert.fingerprint, result: 'unmatched' });
      continue;
    }
    out.push(await firing(ctx, rule, alert, caller));
  }
  return out;
}

async function firing(ctx: ServeContext, rule: Rule, alert: Alert, caller: string): Promise<IntakeResult> {
  const t = serveText(ctx.lang);
  const now = ctx.now();
  const id = newRequestId(now);
  // One request per rule and alert until it ends and its cooldown passes: Alertmanager repeats a firing
  // alert (repeat_interval, group changes, every HA peer), and each repetition is the same alert.
  if (!(await ctx.store.claim(rule.name, alert.fingerprint, id, now))) {
    ctx.metrics.requests.inc({ rule: rule.name, result: 'duplicate' });
    ctx.log('alert.duplicate', { rule: rule.name, fingerprint: alert.fingerprint });
    return { fingerprint: alert.fingerprint, result: 'duplicate' };
  }
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(rule, alert, { lang: ctx.lang, env: ctx.env, ...(ctx.sandbox ? { sandbox: ctx.sandbox.vars } : {}) });
  } catch (error) {
    // A bug, not the alert's fault: let the alert through again (Alertmanager retries on the 500).
    await ctx.store.endClaim(rule.name, alert.fingerprint, id, now);
    throw error;
  }
  const base: RunRequest = {
    id,
    rule: rule.name,
    fingerprint: alert.fingerprint,
    alertname: alert.labels.alertname ?? '',
    labels: alert.labels,
    annotations: alert.annotations,
    alertStartsAt: alert.startsAt,
    playbook: rule.playbook,
    playbookName: prepared.ok ? prepared.plan.playbook.name : rule.playbook.split('/').pop() ?? rule.playbook,
    risk: prepared.ok ? prepared.plan.playbook.risk : 'medium',
    params: prepared.ok ? Object.fromEntries(Object.entries(prepared.params).map(([k, v]) => [k, prepared.secret.includes(k) ? MASK : v])) : {},
    needsApproval: false,
    approval: { users: rule.approval.users, groups: rule.approval.groups, minApprovals: rule.approval.minApprovals },
    planSummary: prepared.ok ? prepared.summary : '',
    status: 'queued',
    requestedBy: caller,
    createdAt: now,
    owner: ctx.serverId,
    leaseUntil: now + ctx.timing.leaseMs,
    host: ctx.host,
    version: 0,
  };
  if (!prepared.ok) return refuse(ctx, rule, base, prepared.reason);
  base.playbookSha256 = prepared.playbookSha256;
  base.lockKey = prepared.plan.playbook.lock;
  const started = await ctx.store.countStarted(rule.name, now - 3_600_000);
  if (started >= rule.maxRunsPerHour) return refuse(ctx, rule, base, t('refuse.rate', { rule: rule.name, count: started, max: rule.maxRunsPerHour }));
  if (prepared.approvalReason) {
    const request: RunRequest = { ...base, status: 'pending', needsApproval: true, approvalReason: prepared.approvalReason, expiresAt: now + rule.approval.timeoutMs };
    await ctx.store.insert(request);
    ctx.metrics.requests.inc({ rule: rule.name, result: 'pending' });
    ctx.log('request.pending', { id, rule: rule.name, playbook: request.playbookName, because: prepared.approvalReason });
    ctx.notifier.send(rule, 'approval', approvalMessage(request, { lang: ctx.lang, approvals: 0, ...(ctx.publicUrl ? { publicUrl: ctx.publicUrl } : {}) }));
    return { fingerprint: alert.fingerprint, result: 'pending', id };
  }
  await ctx.store.insert(base);
  ctx.metrics.requests.inc({ rule: rule.name, result: 'queued' });
  ctx.log('request.queued', { id, rule: rule.name, playbook: base.playbookName });
  return { fingerprint: alert.fingerprint, result: 'queued', id };
}

/** A refused request is kept (for `pending --all` and the metrics) and holds the alert for the cooldown, so repeats are not refused again and again. */
async function refuse(ctx: ServeContext, rule: Rule, base: RunRequest, reason: string): Promise<IntakeResult> {
  const now = ctx.now();
  const request: RunRequest = { ...base, status: 'refused', reason, finishedAt: now };
  await ctx.store.insert(request);
  await ctx.store.endClaim(rule.name, base.fingerprint, base.id, now + rule.cooldownMs);
  ctx.metrics.requests.inc({ rule: rule.name, result: 'refused' });
  ctx.metrics.runs.inc({ rule: rule.name, outcome: 'refused' });
  ctx.log('request.refused', { id: base.id, rule: rule.name, reason });
  ctx.notifier.send(rule, 'refused', refusedMessage(request, ctx.lang));
  return { fingerprint: base.fingerprint, result: 'refused', id: base.id };
}

/** A resolved alert cancels what still waits for it (approval, queue) and ends the wait of a run that acted on it. */
async function resolved(ctx: ServeContext, alert: Alert): Promise<void> {
  const t = serveText(ctx.lang);
  for (const request of await ctx.store.list({ fingerprint: alert.fingerprint })) {
    const rule = ctx.rules.rules.find((r) => r.name === request.rule);
    if (request.status === 'pending' || request.status === 'queued') {
      const now = ctx.now();
      const done = await mutate(ctx.store, request.id, (r) => (r.status === 'pending' || r.status === 'queued' ? { status: 'cancelled', reason: t('cancel.resolved'), finishedAt: now } : undefined));
      if (!done) continue;
      // Nothing ran: should the alert fire again, it may start a request at once.
      await ctx.store.endClaim(request.rule, request.fingerprint, request.id, now);
      ctx.metrics.runs.inc({ rule: request.rule, outcome: 'cancelled' });
      ctx.log('request.cancelled', { id: request.id, reason: 'resolved' });
      if (rule) ctx.notifier.send(rule, 'finished', finishedMessage(done, ctx.lang));
    } else if (request.status === 'finished' && request.resolution === 'waiting') {
      await markResolved(ctx, request.id, Date.parse(alert.endsAt) || ctx.now());
    }
  }
}

/** The alert a successful run acted on has resolved: the request says so and the time to resolve is measured. */
export async function markResolved(ctx: ServeContext, id: string, at: number): Promise<void> {
  const done = await mutate(ctx.store, id, (r) => (r.resolution === 'waiting' ? { resolution: 'resolved', resolvedAt: at } : undefined));
  if (!done) return;
  const since = Date.parse(done.alertStartsAt) || done.createdAt;
  ctx.metrics.timeToResolve.observe({ rule: done.rule }, Math.max(0, (at - since) / 1000));
  ctx.log('request.resolved', { id, rule: done.rule });
}
