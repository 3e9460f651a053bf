// The `wait` step kind: polls a probe every `interval` until it passes or `timeout` is reached.
import { planDefaults, type PlanProbeAction } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import { sleep } from '../process/sleep.js';
import type { ActionContext, ActionResult } from './context.js';
import { defineCatalog, sameLanguage, translator } from '../i18n/index.js';
import type { StepKind } from './kind.js';
import { compileProbeAction, describeProbeAction, probeActionSites, probeKind, runProbeAction } from './probe.js';

const messages = defineCatalog({
  en: {
    label: 'wait',
    every: 'every {t}',
    started: 'wait for {probe}',
    'wait.notReady': 'not ready after {time} ({polls} polls): {reason}',
    'wait.probeFailed': 'probe failed',
  },
  'zh-CN': {
    label: '等待',
    every: '每 {t}',
    started: '等待 {probe}',
    'wait.notReady': '{time} 后仍未就绪（探测 {polls} 次）：{reason}',
    'wait.probeFailed': '探测失败',
  },
});

/** A probe polled every `intervalMs` until it passes, for at most `timeoutMs`. */
export interface WaitAction {
  kind: 'wait';
  probe: PlanProbeAction;
  intervalMs: number;
  timeoutMs: number;
}

export async function runWait(action: WaitAction, ctx: ActionContext): Promise<ActionResult> {
  const t = sameLanguage(messages, ctx.t);
  const limit = Math.min(action.timeoutMs, ctx.timeoutMs);
  const deadline = Date.now() + limit;
  let polls = 0;
  let last: ActionResult = { ok: false, reason: 'not polled' };
  for (;;) {
    const remaining = deadline - Date.now();
    ctx.progress?.({ poll: polls + 1, remainingMs: Math.max(0, remaining), ...(polls > 0 && last.reason ? { reason: last.reason } : {}) });
    const result = await runProbeAction(action.probe, { ...ctx, timeoutMs: Math.max(1, remaining) });
    polls += 1;
    if (result.ok) return result;
    // A poll given no more than an interval of the wait's time and cut off by its deadline says only that the
    // time ran out ("timed out after 1ms" when a sleep overran): the poll before it says why it was not ready.
    const cutOff = result.timedOut === true && polls > 1 && remaining <= action.intervalMs && last.reason !== undefined;
    last = cutOff ? { ...result, reason: last.reason } : result;
    if (last.interrupted || ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    if (Date.now() + action.intervalMs >= deadline) {
      return { ok: false, exitCode: last.exitCode, timedOut: true, reason: t('wait.notReady', { time: formatDuration(limit), polls, reason: last.reason ?? t('wait.probeFailed') }) };
    }
    if (!(await sleep(action.intervalMs, ctx.signal))) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
  }
}

export const waitKind = {
  messages,
  compile: (spec, at, c) => ({
    kind: 'wait',
    probe: compileProbeAction(spec, at, c),
    intervalMs: c.duration(spec.interval, planDefaults.waitIntervalMs, [...at, 'interval'], 'timeout'),
    timeoutMs: c.duration(spec.timeout, planDefaults.waitTimeoutMs, [...at, 'timeout'], 'timeout'),
  }),
  run: (action, ctx) => runWait(action, ctx),
  sites: (spec, at, add) => probeActionSites(spec, at, add),
  started: (action, _render, lang) => translator(messages, lang)('started', { probe: describeProbeAction(action.probe) }),
  summary: (action) => `wait ${describeProbeAction(action.probe)}`,
  planText: (action, w) => {
    const t = translator(messages, w.lang);
    const limits = w.t('timeout', { t: formatDuration(action.timeoutMs) }) + w.t('comma') + t('every', { t: formatDuration(action.intervalMs) });
    return w.labelled(t('label'), `${w.probe(action.probe)}  ${w.t('paren', { text: limits })}`);
  },
  planMarkdown: (action, w) => `${w.fence(`wait every ${formatDuration(action.intervalMs)}, up to ${formatDuration(action.timeoutMs)}`, 'text')}\n\n${w.probe(action.probe)}`,
  timeLimit: () => undefined,
  commands: (action) => probeKind(action.probe).commands(action.probe),
  rawSites: (action) => probeKind(action.probe).rawSites(action.probe),
  readOnly: () => true,
  gate: false,
  output: false,
  expectsRollback: false,
} satisfies StepKind<'wait'>;
