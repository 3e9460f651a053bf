// Rollback: undoes every completed step in reverse order, each with its retries and verify; a failing
// rollback does not stop the others.
import type { PlanRollback } from '../plan.js';
import { runProbeAction } from '../../steps/probe.js';
import { lastLine } from './output.js';
import { runProbe } from './probes.js';
import { withRetries } from './retry.js';
import { stepName, type Completed, type RunState } from './state.js';

export interface RollbackOutcome {
  ok: boolean;
  /** Steps whose rollback failed (or could not start). */
  failed: string[];
}

async function rollbackOne(state: RunState, entry: Completed, rollback: PlanRollback): Promise<{ ok: boolean; reason?: string }> {
  const capture = state.capture(`${entry.fullId}.rollback`, entry.fullId);
  try {
    const { result } = await withRetries(
      { retries: rollback.retries, delayMs: rollback.delayMs, backoff: 1 },
      state.interrupts.force.signal,
      async (n) => {
        capture.beginAttempt();
        capture.note(`[runbook: rollback attempt ${n}]\n`);
        let result;
        try {
          // Rollbacks run after the first interrupt; only a second one stops them.
          const ctx = state.actionContext(entry.frame, { layers: [entry.step.env, rollback.env], cwd: rollback.cwd ?? entry.step.cwd, timeoutMs: rollback.timeoutMs, graceful: false }, capture);
          result = await runProbeAction(rollback.action, ctx);
        } catch (error) {
          result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
        }
        const out = capture.endAttempt();
        if (!result.ok && !result.interrupted && !result.timedOut) {
          const line = lastLine(out.tail);
          if (line) result = { ...result, reason: `${result.reason ?? state.t('step.failed')}: ${line}` };
        }
        return result;
      },
      (retry) => state.emitter.emit({ type: 'step.retrying', id: entry.fullId, ...retry, reason: state.redactor.redact(retry.reason ?? state.t('step.failed')) }),
    );
    if (!result.ok) return { ok: false, reason: result.reason };
  } finally {
    capture.close();
  }
  if (rollback.verify) {
    const verify = await runProbe(state, entry.frame, rollback.verify, { logName: `${entry.fullId}.rollback-verify`, layers: [entry.step.env], cwd: rollback.cwd ?? entry.step.cwd, graceful: false });
    if (!verify.ok) return { ok: false, reason: state.t('rollback.verifyFailed', { reason: verify.reason ?? '' }).trim() };
  }
  return { ok: true };
}

/** Rolls back `completed` (most recent first), included playbooks' steps before their include step. */
export async function rollbackCompleted(state: RunState, completed: readonly Completed[]): Promise<RollbackOutcome> {
  const failed: string[] = [];
  for (const entry of [...completed].reverse()) {
    if (entry.nested) failed.push(...(await rollbackCompleted(state, entry.nested.completed)).failed);
    const rollback = entry.step.rollback;
    if (!rollback) continue;
    const halted = state.halted;
    if (halted) {
      failed.push(entry.fullId);
      state.emitter.emit({ type: 'rollback.finished', id: entry.fullId, ok: false, reason: state.t('rollback.notRun', { reason: halted }) });
      continue;
    }
    state.emitter.emit({ type: 'rollback.started', id: entry.fullId, name: stepName({ id: entry.fullId, name: rollback.name ?? entry.step.name }, state.options.lang ?? 'en') });
    const outcome = await rollbackOne(state, entry, rollback);
    const reason = outcome.reason ? state.redactor.redact(outcome.reason) : undefined;
    state.emitter.emit({ type: 'rollback.finished', id: entry.fullId, ok: outcome.ok, ...(reason ? { reason } : {}) });
    const previous = state.results.get(entry.fullId);
    if (previous) state.record({ ...previous, status: outcome.ok ? 'rolled_back' : 'rollback_failed', ...(reason ? { reason } : {}) });
    if (!outcome.ok) failed.push(entry.fullId);
  }
  return { ok: failed.length === 0, failed };
}
