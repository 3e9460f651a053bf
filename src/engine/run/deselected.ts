// Steps the selection leaves out (`--from`, `--only`, `--skip`): journaled as skipped with why, never run or rolled back.
import type { PlanStep } from '../plan.js';
import { deselectionText } from '../select.js';
import type { Frame, RunState } from './state.js';

/** When the step is left out of this run: says so (event, journal, summary) and returns true; else false. */
export function skipDeselected(state: RunState, frame: Frame, step: PlanStep, phase: 'steps' | 'finally'): boolean {
  if (!step.deselected) return false;
  const id = frame.prefix + step.id;
  const reason = deselectionText(step.deselected, state.options.lang ?? 'en');
  state.emitter.emit({ type: 'step.skipped', phase, id, status: 'skipped', reason, deselected: true });
  state.record({ id, phase, status: 'skipped', attempts: 0, durationMs: 0, reason });
  return true;
}
