// The `notify` step type: posts a message to a JSON webhook, a WeChat Work robot or the notification-gateway.
import type { PlanAction } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import type { ActionContext, ActionResult } from './context.js';
import { describeNetworkError } from './network-error.js';
import { cutToBytes, WECOM_MARKDOWN_BYTES } from '../notify/cut.js';
import { deliver, type DeliveryFailure } from '../notify/deliver.js';

type NotifyAction = Extract<PlanAction, { kind: 'notify' }>;

/** The JSON body for each target; title and message are already rendered and redacted. */
export function notifyPayload(via: NotifyAction['via'], title: string | undefined, message: string): unknown {
  switch (via) {
    case 'wecom':
      // WeChat Work group robot, markdown message: at most 4096 bytes, cut with a marker beyond.
      return { msgtype: 'markdown', markdown: { content: cutToBytes(title ? `**${title}**\n${message}` : message, WECOM_MARKDOWN_BYTES) } };
    case 'gateway':
      return { title: title ?? '', message };
    case 'webhook':
      // `text` lets Slack/Mattermost-style incoming webhooks show something too.
      return { title: title ?? '', message, text: title ? `${title}\n${message}` : message };
  }
}

export async function runNotify(action: NotifyAction, ctx: ActionContext): Promise<ActionResult> {
  if (ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interruptedBeforeStart') };
  const title = action.title ? ctx.redact(ctx.render(action.title)) : undefined;
  const message = ctx.redact(ctx.render(action.message));
  const url = ctx.render(action.url);
  const timeoutMs = Math.min(ctx.timeoutMs, 10_000);
  // One attempt (src/notify/deliver.ts can retry; the notify step does not, yet).
  const result = await deliver(action.via, url, notifyPayload(action.via, title, message), { timeoutMs, signal: AbortSignal.any([ctx.signal, ctx.forceSignal]) });
  const body = result.body;
  if (body) ctx.output.push('stdout', Buffer.from(body));
  if (result.ok) return { ok: true, exitCode: 0 };
  return failureResult(action.via, result.failure, timeoutMs, ctx);
}

function failureResult(via: NotifyAction['via'], failure: DeliveryFailure, timeoutMs: number, ctx: ActionContext): ActionResult {
  switch (failure.kind) {
    case 'aborted':
      return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    case 'http':
      return { ok: false, exitCode: 1, reason: ctx.t('notify.http', { via, status: failure.status }) };
    case 'errcode':
      return { ok: false, exitCode: 1, reason: ctx.t('notify.errcode', { code: failure.code, message: failure.message }).trim() };
    case 'timeout':
      return { ok: false, exitCode: 1, timedOut: true, reason: ctx.t('notify.failed', { via, reason: ctx.t('http.noAnswer', { time: formatDuration(timeoutMs) }) }) };
    case 'network':
      return { ok: false, exitCode: 1, reason: ctx.t('notify.failed', { via, reason: describeNetworkError(failure.error, ctx.t) }) };
  }
}
