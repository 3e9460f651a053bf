// The `wait` step kind: polls a probe every `interval` until it passes or `timeout` is reached.
import type { PlanAction } from '../engine/plan.js';
import { planDefaults } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import { sleep } from '../process/sleep.js';
import type { ActionContext, ActionResult } from './context.js';
import type { StepKind } from './kind.js';
import { compileProbeAction, runProbeAction } from './probe.js';

type WaitAction = Extract<PlanAction, { kind: 'wait' }>;

export async function runWait(action: WaitAction, ctx: ActionContext): Promise<ActionResult> {
  const limit = Math.min(action.timeoutMs, ctx.timeoutMs);
  const deadline = Date.now() + limit;
  let polls = 0;
  let last: ActionResult = { ok: false, reason: 'not polled' };
  for (;;) {
    const remaining = deadline - Date.now();
    ctx.progress?.({ poll: polls + 1, remainingMs: Math.max(0, remaining), ...(polls > 0 && last.reason ? { reason: last.reason } : {}) });
    last = await runProbeAction(action.probe, { ...ctx, timeoutMs: Math.max(1, remaining) });
    polls += 1;
    if (last.ok) return last;
    if (last.interrupted || ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    if (Date.now() + action.intervalMs >= deadline) {
      return { ok: false, exitCode: last.exitCode, timedOut: true, reason: ctx.t('wait.notReady', { time: formatDuration(limit), polls, reason: last.reason ?? ctx.t('wait.probeFailed') }) };
    }
    if (!(await sleep(action.intervalMs, ctx.signal))) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
  }
}

export const waitKind = {
  output: false,
  compile: (spec, at, c) => ({
    kind: 'wait',
    probe: compileProbeAction(spec, at, c),
    intervalMs: c.duration(spec.interval, planDefaults.waitIntervalMs, [...at, 'interval'], 'timeout'),
    timeoutMs: c.duration(spec.timeout, planDefaults.waitTimeoutMs, [...at, 'timeout'], 'timeout'),
  }),
  run: (action, ctx) => runWait(action, ctx),
} satisfies StepKind<'wait'>;
