// Runs a probe (precondition, postcondition, check, verify) with its retries; the result says why it failed.
import type { PlanEnv, PlanProbe, Rendered } from '../plan.js';
import { runProbeAction } from '../../steps/probe.js';
import type { OutputCapture } from './output.js';
import { lastLine } from './output.js';
import { withRetries } from './retry.js';
import type { Frame, RunState } from './state.js';

export interface ProbeOutcome {
  ok: boolean;
  attempts: number;
  reason?: string;
  interrupted?: boolean;
}

export async function runProbe(
  state: RunState,
  frame: Frame,
  probe: PlanProbe,
  options: {
    logName: string;
    layers?: readonly (readonly PlanEnv[])[];
    /** Working directory when the probe names none: that of its step (or rollback). */
    cwd?: Rendered;
    graceful?: boolean;
    onAttempt?: (attempt: number, of: number) => void;
  },
): Promise<ProbeOutcome> {
  const capture: OutputCapture = state.capture(options.logName);
  try {
    const { result, attempts } = await withRetries(
      { retries: probe.retries, delayMs: probe.delayMs, backoff: 1 },
      options.graceful === false ? state.interrupts.force.signal : state.interrupts.graceful.signal,
      async (n) => {
        options.onAttempt?.(n, probe.retries + 1);
        capture.beginAttempt();
        capture.note(`[runbook: attempt ${n}]\n`);
        let result;
        try {
          const ctx = state.actionContext(frame, { layers: [...(options.layers ?? []), probe.env], cwd: probe.cwd ?? options.cwd, timeoutMs: probe.timeoutMs, graceful: options.graceful !== false }, capture);
          result = await runProbeAction(probe.action, ctx);
        } catch (error) {
          result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
        }
        const out = capture.endAttempt();
        if (!result.ok && !result.interrupted) {
          const line = lastLine(out.tail);
          if (line && !result.timedOut) result = { ...result, reason: `${result.reason ?? state.t('step.failed')}: ${line}` };
        }
        return result;
      },
      () => {},
    );
    return { ok: result.ok, attempts, reason: result.ok ? undefined : state.redactor.redact(result.reason ?? state.t('step.failed')), interrupted: result.interrupted };
  } finally {
    capture.close();
  }
}
