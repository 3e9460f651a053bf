// The `notify` step kind: posts a message to a JSON webhook, a WeChat Work robot or the notification-gateway.
import type { Rendered } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import type { ActionContext, ActionResult } from './context.js';
import { defineCatalog, sameLanguage, translator, type Translator } from '../i18n/index.js';
import type { ActionOf, StepKind } from './kind.js';
import { describeNetworkError, networkText } from './network-error.js';
import { cutToBytes, WECOM_MARKDOWN_BYTES } from '../notify/cut.js';
import { deliver, type DeliveryFailure } from '../notify/deliver.js';

const messages = defineCatalog({
  en: {
    label: 'notify',
    started: 'notify {via}',
    'notify.http': 'notify ({via}): HTTP {status}',
    'notify.errcode': 'notify (wecom): errcode {code} {message}',
    'notify.failed': 'notify ({via}): {reason}',
    'notify.attempts': '{reason} (after {n} attempts)',
  },
  'zh-CN': {
    label: '通知',
    started: '通知 {via}',
    'notify.http': '通知（{via}）：HTTP {status}',
    'notify.errcode': '通知（wecom）：errcode {code} {message}',
    'notify.failed': '通知（{via}）：{reason}',
    'notify.attempts': '{reason}（共尝试 {n} 次）',
  },
});

/** A message posted to a JSON webhook, a WeChat Work robot or the notification-gateway. */
export interface NotifyAction {
  kind: 'notify';
  via: 'webhook' | 'wecom' | 'gateway';
  url: Rendered;
  title?: Rendered;
  message: Rendered;
}

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
  const t = sameLanguage(messages, ctx.t);
  if (ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interruptedBeforeStart') };
  const title = action.title ? ctx.redact(ctx.render(action.title)) : undefined;
  const message = ctx.redact(ctx.render(action.message));
  const url = ctx.render(action.url);
  // Retried on 5xx, 429 and network errors, with backoff, all within the step's timeout (and a minute).
  const budgetMs = Math.min(ctx.timeoutMs, NOTIFY_BUDGET_MS);
  const timeoutMs = Math.min(budgetMs, NOTIFY_ATTEMPT_MS);
  const signal = AbortSignal.any([ctx.signal, ctx.forceSignal]);
  const result = await deliver(action.via, url, notifyPayload(action.via, title, message), { timeoutMs, retryWithinMs: budgetMs, backoffMs: 250, signal });
  const body = result.body;
  if (body) ctx.output.push('stdout', Buffer.from(body));
  if (result.ok) return { ok: true, exitCode: 0 };
  const failed = failureResult(action.via, result.failure, timeoutMs, ctx, t);
  return result.attempts > 1 && failed.reason ? { ...failed, reason: t('notify.attempts', { reason: failed.reason, n: result.attempts }) } : failed;
}

/** The longest a notification may take, retries included (less when the step's timeout is shorter): a run waits no longer. */
export const NOTIFY_BUDGET_MS = 60_000;
/** The longest one attempt may take. */
const NOTIFY_ATTEMPT_MS = 10_000;

function failureResult(via: NotifyAction['via'], failure: DeliveryFailure, timeoutMs: number, ctx: ActionContext, t: Translator<keyof typeof messages.en>): ActionResult {
  switch (failure.kind) {
    case 'aborted':
      return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    case 'status':
      return { ok: false, exitCode: 1, reason: t('notify.http', { via, status: failure.status }) };
    case 'errcode':
      return { ok: false, exitCode: 1, reason: t('notify.errcode', { code: failure.code, message: failure.message }).trim() };
    case 'timeout':
      return { ok: false, exitCode: 1, timedOut: true, reason: t('notify.failed', { via, reason: networkText(ctx.t)('net.noAnswer', { time: formatDuration(timeoutMs) }) }) };
    case 'network':
      return { ok: false, exitCode: 1, reason: t('notify.failed', { via, reason: describeNetworkError(failure.error, ctx.t) }) };
  }
}

const summary = (action: NotifyAction): string => `notify ${action.via} ${action.url.text}: ${action.message.text}`;

export const notifyKind = {
  messages,
  compile: (spec, at, c) => {
    const action: ActionOf<'notify'> = {
      kind: 'notify',
      via: spec.via ?? 'webhook',
      url: c.template(spec.url, 'url', [...at, 'url']),
      message: c.template(spec.message, 'text', [...at, 'message']),
    };
    if (spec.title !== undefined) action.title = c.template(spec.title, 'text', [...at, 'title']);
    return action;
  },
  run: (action, ctx) => runNotify(action, ctx),
  sites: (spec, at, add) => {
    add([...at, 'url'], spec.url, 'url');
    add([...at, 'title'], spec.title, 'text');
    add([...at, 'message'], spec.message, 'text');
  },
  started: (action, _render, lang) => translator(messages, lang)('started', { via: action.via }),
  summary,
  planText: (action, w) => w.labelled(translator(messages, w.lang)('label'), `${action.via} ${action.url.text}: ${action.title ? action.title.text + ' — ' : ''}${action.message.text}`),
  planMarkdown: (action, w) => w.fence(w.shown(summary(action)), 'text'),
  timeLimit: () => undefined,
  commands: () => [],
  rawSites: () => [],
  readOnly: () => false,
  gate: false,
  output: false,
  expectsRollback: false,
  local: true,
  vocabulary: { via: ['webhook', 'wecom', 'gateway'] },
} satisfies StepKind<'notify'>;
