// Approvals: who may decide, one decision per operator, the requester never approves their own request, requests expire.
import { formatDuration } from '../engine/duration.js';
import { serveText } from '../i18n/serve.js';
import { mutate, type ServeContext } from './context.js';
import { finishedMessage } from './messages.js';
import type { Operator } from './operators.js';
import type { RunRequest } from './store/types.js';

export type DecideResult =
  | { ok: true; request: RunRequest; approvals: number }
  | { ok: false; status: 403 | 404 | 409 | 410; error: 'not-found' | 'not-pending' | 'own-request' | 'not-approver' | 'expired' | 'already-decided' };

/** Whether the operator is one of the request's approvers (no list: any operator who may approve). */
export function mayApprove(request: RunRequest, operator: Operator): boolean {
  if (!operator.roles.includes('approve')) return false;
  const { users, groups } = request.approval;
  if (users.length === 0 && groups.length === 0) return true;
  return users.includes(operator.name) || operator.groups.some((g) => groups.includes(g));
}

export async function decide(ctx: ServeContext, id: string, operator: Operator, decision: 'approve' | 'deny', reason: string | undefined): Promise<DecideResult> {
  const request = await ctx.store.get(id);
  if (!request) return { ok: false, status: 404, error: 'not-found' };
  if (request.status !== 'pending') return { ok: false, status: 409, error: 'not-pending' };
  if (request.expiresAt !== undefined && request.expiresAt <= ctx.now()) {
    await expire(ctx, request);
    return { ok: false, status: 410, error: 'expired' };
  }
  // Whoever sent the alert (a token that may post to the webhook) cannot approve what it asked for.
  if (operator.name === request.requestedBy) return { ok: false, status: 403, error: 'own-request' };
  if (!mayApprove(request, operator)) return { ok: false, status: 403, error: 'not-approver' };
  const recorded = await ctx.store.decide({ requestId: id, who: operator.name, decision, at: ctx.now(), ...(reason ? { reason } : {}) });
  if (!recorded) return { ok: false, status: 409, error: 'already-decided' };
  ctx.log('request.decision', { id, who: operator.name, decision });
  const settled = await settle(ctx, id);
  const approvals = (await ctx.store.decisions(id)).filter((d) => d.decision === 'approve').length;
  return { ok: true, request: settled ?? (await ctx.store.get(id))!, approvals };
}

/** Applies the decisions recorded so far: a denial ends the request, enough approvals queue it. */
export async function settle(ctx: ServeContext, id: string): Promise<RunRequest | undefined> {
  const t = serveText(ctx.lang);
  const decisions = await ctx.store.decisions(id);
  const denial = decisions.find((d) => d.decision === 'deny');
  const approvals = decisions.filter((d) => d.decision === 'approve');
  const now = ctx.now();
  const done = await mutate(ctx.store, id, (r) => {
    if (r.status !== 'pending') return undefined;
    if (denial) return { status: 'denied', reason: t('deny.by', { who: denial.who, reason: denial.reason ?? '' }).trim(), finishedAt: now };
    if (approvals.length >= r.approval.minApprovals) return { status: 'queued', approvedBy: approvals.map((a) => ({ who: a.who, at: a.at, ...(a.reason ? { reason: a.reason } : {}) })) };
    return undefined;
  });
  if (!done) return undefined;
  const rule = ctx.rules.rules.find((r) => r.name === done.rule);
  if (done.status === 'denied') {
    // A person said no: the alert starts nothing for the cooldown.
    await ctx.store.endClaim(done.rule, done.fingerprint, done.id, now + (rule?.cooldownMs ?? 0));
    ctx.metrics.runs.inc({ rule: done.rule, outcome: 'denied' });
    if (rule) ctx.notifier.send(rule, 'finished', finishedMessage(done, ctx.lang));
  }
  ctx.log(`request.${done.status}`, { id });
  return done;
}

/** A pending request past its deadline expires; the alert starts nothing for the cooldown. */
export async function expire(ctx: ServeContext, request: RunRequest): Promise<void> {
  const t = serveText(ctx.lang);
  const rule = ctx.rules.rules.find((r) => r.name === request.rule);
  const now = ctx.now();
  const done = await mutate(ctx.store, request.id, (r) =>
    r.status === 'pending' && r.expiresAt !== undefined && r.expiresAt <= now ? { status: 'expired', reason: t('expire.timeout', { timeout: formatDuration(rule?.approval.timeoutMs ?? 0) }), finishedAt: now } : undefined,
  );
  if (!done) return;
  await ctx.store.endClaim(done.rule, done.fingerprint, done.id, now + (rule?.cooldownMs ?? 0));
  ctx.metrics.runs.inc({ rule: done.rule, outcome: 'expired' });
  ctx.log('request.expired', { id: done.id });
  if (rule) ctx.notifier.send(rule, 'finished', finishedMessage(done, ctx.lang));
}
