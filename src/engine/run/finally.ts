// `finally` steps: always run at the end (success, failure or first interrupt); they have no rollback.
import type { StepServices } from '../../steps/index.js';
import { skipDeselected } from './deselected.js';
import { expandAtRun, gatherIteration, reportLoopFailure } from './for-each.js';
import { runStep } from './step.js';
import type { Frame, RunState } from './state.js';

/** Runs every `finally` step; returns the ids of those that failed. */
export async function runFinally(state: RunState, frame: Frame, services: StepServices, options: { events: boolean }): Promise<string[]> {
  const steps = frame.plan.finally;
  if (steps.length === 0) return [];
  if (options.events) state.emitter.emit({ type: 'phase.started', phase: 'finally' });
  const failed: string[] = [];
  for (const [index, listed] of steps.entries()) {
    if (skipDeselected(state, frame, listed, 'finally')) continue;
    // A for_each over a step output: its iterations, each run; a list that cannot be read fails the step.
    const expanded = state.halted ? { steps: [listed] } : expandAtRun(state, frame, listed, 'finally');
    if ('reason' in expanded) {
      failed.push(reportLoopFailure(state, frame, listed, 'finally', expanded.reason));
      continue;
    }
    for (const step of expanded.steps) {
      const halted = state.halted;
      if (halted) {
        failed.push(frame.prefix + step.id);
        continue;
      }
      const outcome = await runStep(state, frame, step, 'finally', index + 1, steps.length, services);
      gatherIteration(frame, step);
      if (outcome.status === 'failed' && !outcome.continued && !outcome.gateStopped) failed.push(frame.prefix + step.id);
    }
  }
  if (options.events) state.emitter.emit({ type: 'phase.finished', phase: 'finally', ok: failed.length === 0 });
  return failed;
}
