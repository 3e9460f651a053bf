// An action with its retries — a step's, a probe's or a rollback's: each attempt gets a fresh context and
// its output captured; a failure's reason ends with the last line the action printed.
import type { PlanEnv, Rendered } from '../plan.js';
import type { ActionContext, ActionResult } from '../../steps/context.js';
import type { GateAnswer } from '../../steps/confirm.js';
import { lastLine, type CapturedOutput, type OutputCapture } from './output.js';
import { withRetries, type RetryInfo, type RetryOutcome, type RetryPolicy } from './retry.js';
import type { Frame, RunState } from './state.js';

/** What one attempt returns: a gate's answer, when the action was one, is final (never retried). */
export interface AttemptResult extends ActionResult {
  gate?: GateAnswer;
}

/** Where and how an action runs. `graceful` false: only a second interrupt stops it (rollbacks, `finally`). */
export interface ActionSpec {
  layers: readonly (readonly PlanEnv[])[];
  cwd?: Rendered;
  timeoutMs: number;
  /** `become`: the user the command runs as. */
  become?: string | undefined;
  graceful: boolean;
}

export interface Attempts {
  frame: Frame;
  capture: OutputCapture;
  policy: RetryPolicy;
  action: ActionSpec;
  run(ctx: ActionContext): Promise<AttemptResult>;
  /** The line the log gets before attempt `n`, if any. */
  note?(n: number): string | undefined;
  /** The result once the attempt's output is known (default: `withLastLine`). */
  settle?(result: AttemptResult, out: CapturedOutput): AttemptResult;
  onAttempt?(n: number): void;
  onRetry?(retry: RetryInfo): void;
}

/** Runs an action until it succeeds, is interrupted, or its retries are used up. */
export function runAttempts(state: RunState, spec: Attempts): Promise<RetryOutcome<AttemptResult & { final?: boolean }>> {
  const signal = spec.action.graceful ? state.interrupts.graceful.signal : state.interrupts.force.signal;
  const attempt = async (n: number) => {
    spec.onAttempt?.(n);
    spec.capture.beginAttempt();
    const note = spec.note?.(n);
    if (note) spec.capture.note(note);
    let result: AttemptResult;
    try {
      result = await spec.run(state.actionContext(spec.frame, spec.action, spec.capture));
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const out = spec.capture.endAttempt();
    const settled = spec.settle ? spec.settle(result, out) : withLastLine(state, result, out);
    return settled.gate ? { ...settled, final: true } : settled;
  };
  return withRetries(spec.policy, signal, attempt, spec.onRetry ?? (() => {}));
}

/** A failure's reason with the last line of the action's output (not for interrupts, timeouts and gates: they say why). */
export function withLastLine(state: RunState, result: AttemptResult, out: CapturedOutput): AttemptResult {
  if (result.ok || result.interrupted || result.timedOut || result.gate) return result;
  const line = lastLine(out.tail);
  return line ? { ...result, reason: `${result.reason ?? state.t('step.failed')}: ${line}` } : result;
}

/** The `step.retrying` event of an action, its reason masked. */
export function retryEvent(state: RunState, id: string): (retry: RetryInfo) => void {
  return (retry) => state.emitter.emit({ type: 'step.retrying', id, ...retry, reason: state.redactor.redact(retry.reason ?? state.t('step.failed')) });
}
