// Runs a probe (precondition, postcondition, check, verify) with its retries; the result says why it failed.
import type { PlanEnv, PlanProbe, Rendered } from '../plan.js';
import { runProbeAction } from '../../steps/probe.js';
import { runAttempts } from './attempts.js';
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
  const capture = state.capture(options.logName);
  try {
    const { result, attempts } = await runAttempts(state, {
      frame,
      capture,
      policy: { retries: probe.retries, delayMs: probe.delayMs, backoff: 1 },
      action: { layers: [...(options.layers ?? []), probe.env], cwd: probe.cwd ?? options.cwd, timeoutMs: probe.timeoutMs, graceful: options.graceful !== false, become: probe.become },
      run: (ctx) => runProbeAction(probe.action, ctx),
      note: (n) => `[runbook: attempt ${n}]\n`,
      onAttempt: (n) => options.onAttempt?.(n, probe.retries + 1),
    });
    return { ok: result.ok, attempts, reason: result.ok ? undefined : state.redactor.redact(result.reason ?? state.t('step.failed')), interrupted: result.interrupted };
  } finally {
    capture.close();
  }
}
