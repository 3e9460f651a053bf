// Rollback: undoes completed steps in reverse order, each with its retries and verify. The first
// rollback that fails stops the rollback: the steps not yet rolled back are left as they are and listed.
import type { UnrolledStep } from '../events.js';
import type { PlanRollback } from '../plan.js';
import { probeKind, runProbeAction } from '../../steps/probe.js';
import { retryEvent, runAttempts } from './attempts.js';
import { runProbe } from './probes.js';
import { stepName, type Completed, type RunState } from './state.js';

export interface RollbackOutcome {
  /** Every rollback ran and passed. */
  ok: boolean;
  /** Steps whose rollback failed (at most one: the first failure stops the rollback). */
  failed: string[];
}

async function rollbackOne(state: RunState, entry: Completed, rollback: PlanRollback): Promise<{ ok: boolean; reason?: string }> {
  const capture = state.capture(`${entry.fullId}.rollback`, entry.fullId);
  try {
    const { result } = await runAttempts(state, {
      frame: entry.frame,
      capture,
      policy: { retries: rollback.retries, delayMs: rollback.delayMs, backoff: 1 },
      // Rollbacks run after the first interrupt; only a second one stops them.
      action: { layers: [entry.step.env, rollback.env], cwd: rollback.cwd ?? entry.step.cwd, timeoutMs: rollback.timeoutMs, graceful: false, become: rollback.become },
      run: (ctx) => runProbeAction(rollback.action, ctx),
      note: (n) => `[runbook: rollback attempt ${n}]\n`,
      onRetry: retryEvent(state, entry.fullId),
    });
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

/** The rollback as a person would type it: the rendered command, or `METHOD url` of an http rollback. */
export function describeRollback(state: RunState, entry: Completed, rollback: PlanRollback): string {
  const render = (template: Parameters<RunState['render']>[1]): string => {
    try {
      return state.render(entry.frame, template);
    } catch {
      // It reads outputs that are not there: the template with its placeholders still says what to do.
      return template.text;
    }
  };
  return probeKind(rollback.action).describe(rollback.action, render);
}

/** The order rollbacks run in: most recent first, an included playbook's steps before its include step. */
export function rollbackOrder(completed: readonly Completed[]): Completed[] {
  const order: Completed[] = [];
  for (const entry of [...completed].reverse()) {
    if (entry.nested) order.push(...rollbackOrder(entry.nested.completed));
    order.push(entry);
  }
  return order;
}

/** Rolls back `completed` (most recent first), included playbooks' steps before their include step. */
export function rollbackCompleted(state: RunState, completed: readonly Completed[]): Promise<RollbackOutcome> {
  return rollbackInOrder(state, rollbackOrder(completed));
}

/**
 * Runs the rollbacks of `entries` in the order given. Once one fails (in this or any other frame of
 * the run: `state.rollbackStoppedAt`), or the run is halted, no further rollback runs: each such step
 * gets `rollback.finished` with `skipped: true` and joins `state.unrolled`, with its rendered command.
 */
export async function rollbackInOrder(state: RunState, entries: readonly Completed[]): Promise<RollbackOutcome> {
  const failed: string[] = [];
  let skipped = 0;
  for (const entry of entries) {
    const rollback = entry.step.rollback;
    if (!rollback) continue;
    const name = stepName({ id: entry.fullId, name: rollback.name ?? entry.step.name }, state.options.lang ?? 'en');
    const command = describeRollback(state, entry, rollback);
    const stoppedAt = state.rollbackStoppedAt;
    const notRun = state.halted ?? (stoppedAt !== undefined ? state.t('rollback.stoppedAt', { step: stoppedAt }) : undefined);
    if (notRun !== undefined) {
      skipped++;
      state.unrolled.push({ id: entry.fullId, name, command });
      state.emitter.emit({ type: 'rollback.finished', id: entry.fullId, ok: false, skipped: true, reason: state.t('rollback.notRun', { reason: notRun }) });
      continue;
    }
    state.emitter.emit({ type: 'rollback.started', id: entry.fullId, name, command });
    const outcome = await rollbackOne(state, entry, rollback);
    const reason = outcome.reason ? state.redactor.redact(outcome.reason) : undefined;
    state.emitter.emit({ type: 'rollback.finished', id: entry.fullId, ok: outcome.ok, ...(reason ? { reason } : {}) });
    const previous = state.results.get(entry.fullId);
    state.record({ ...(previous ?? { id: entry.fullId, phase: 'steps', attempts: 0, durationMs: 0 }), status: outcome.ok ? 'rolled_back' : 'rollback_failed', ...(reason ? { reason } : {}) });
    if (!outcome.ok) {
      failed.push(entry.fullId);
      // A failed rollback stops the rollback: the next one might destroy what a human needs to recover.
      state.rollbackStoppedAt ??= entry.fullId;
    }
  }
  return { ok: failed.length === 0 && skipped === 0, failed };
}

export type { UnrolledStep };
