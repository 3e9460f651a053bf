// The end of a run: its status and exit code from how the steps went, and the step counts.
import { ExitCode } from '../errors.js';
import type { RunStatus } from '../events.js';
import type { SequenceOutcome } from './sequence.js';
import type { RunState } from './state.js';
import type { StepResult } from './types.js';

/** Status and exit code of a finished run; a failed rollback always wins (a human must look). */
export function conclude(outcome: SequenceOutcome, state: RunState): { status: RunStatus; exitCode: number; reason?: string } {
  const journalFailure = state.journal.failure;
  if (journalFailure) {
    return { status: 'rollback_failed', exitCode: ExitCode.rollbackFailed, reason: state.t('outcome.journal', { error: journalFailure.message }) };
  }
  if (outcome.rollbackFailed.length > 0 || state.unrolled.length > 0) {
    const reason = outcome.reason ?? state.t('step.failed');
    const unrolled = state.unrolled.map((u) => u.id).join(', ');
    const failed = outcome.rollbackFailed.length > 0 ? state.t('outcome.rollbackFailed', { reason, steps: outcome.rollbackFailed.join(', ') }) : undefined;
    const text = failed ? (unrolled ? `${failed}; ${state.t('outcome.unrolled', { steps: unrolled })}` : failed) : state.t('outcome.unrolledOnly', { reason, steps: unrolled });
    return { status: 'rollback_failed', exitCode: ExitCode.rollbackFailed, reason: text };
  }
  switch (outcome.status) {
    case 'ok':
      // Ctrl-C during `finally` of a successful run: the steps are done, but the signal is reported.
      if (state.interrupts.interrupted) return { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: state.t('outcome.interruptedInFinally') };
      if (outcome.finallyFailed.length > 0) return { status: 'failed', exitCode: ExitCode.failed, reason: state.t('outcome.finallyFailed', { steps: outcome.finallyFailed.join(', ') }) };
      return { status: 'ok', exitCode: ExitCode.ok };
    case 'precondition_failed':
      return { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: outcome.reason };
    case 'failed':
      return { status: 'failed', exitCode: ExitCode.failed, reason: outcome.reason };
    case 'gate_stopped':
      return { status: 'gate_stopped', exitCode: ExitCode.failed, reason: outcome.reason };
    case 'interrupted':
      return { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: outcome.reason };
  }
}

export function countSteps(results: Iterable<StepResult>) {
  const counts = { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
  for (const r of results) if (r.status in counts) counts[r.status as keyof typeof counts] += 1;
  return counts;
}
