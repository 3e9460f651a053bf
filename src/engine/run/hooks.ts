// The hooks: after `finally`, the steps of `on_success`, `on_failure` or `on_rollback_failed` (as the run
// ended), reading `{{run.*}}`. A failing hook is reported; it never changes the run's status or exit code.
import { hookFor, type HookName } from '../hook-names.js';
import type { RunStatus } from '../events.js';
import type { StepServices } from '../../steps/index.js';
import { expandAtRun, gatherIteration, reportLoopFailure } from './for-each.js';
import { runStep } from './step.js';
import type { Frame, RunState } from './state.js';

/** How the run ended, as the hooks read it. */
export interface HookEnding {
  status: RunStatus;
  failedStep?: string;
  reason?: string;
}

/** The hook that ran and its steps that failed; undefined when the playbook has no hook for this end. */
export interface HooksRun {
  hook: HookName;
  failed: string[];
}

/**
 * Runs the hook for the run's end. Not after a second interrupt (nothing more starts then) nor when the
 * journal cannot be written; like `finally`, a first interrupt does not stop it (it is how a person hears
 * that the run was interrupted: `on_failure` runs with `{{run.status}}` = `interrupted`).
 */
export async function runHooks(state: RunState, root: Frame, ending: HookEnding, services: StepServices): Promise<HooksRun | undefined> {
  const hooks = root.plan.hooks;
  if (!hooks) return undefined;
  const hook = hookFor(ending.status, (name) => (hooks[name]?.length ?? 0) > 0);
  const steps = hooks[hook] ?? [];
  if (steps.length === 0 || state.halted) return undefined;
  root.soFar = { status: ending.status, ...(ending.failedStep ? { failedStep: ending.failedStep } : {}), ...(ending.reason ? { error: ending.reason } : {}) };
  state.emitter.emit({ type: 'phase.started', phase: 'hooks' });
  const failed: string[] = [];
  for (const [index, listed] of steps.entries()) {
    // A for_each over a step output: its iterations, each run; a list that cannot be read fails the step.
    const expanded = state.halted ? { steps: [listed] } : expandAtRun(state, root, listed, 'hooks');
    if ('reason' in expanded) {
      failed.push(reportLoopFailure(state, root, listed, 'hooks', expanded.reason, steps));
      continue;
    }
    for (const step of expanded.steps) {
      if (state.halted) {
        failed.push(step.id);
        continue;
      }
      const outcome = await runStep(state, root, step, 'hooks', index + 1, steps.length, services);
      gatherIteration(root, step);
      if (outcome.status === 'failed' && !outcome.continued) failed.push(step.id);
    }
  }
  state.emitter.emit({ type: 'phase.finished', phase: 'hooks', ok: failed.length === 0 });
  return { hook, failed };
}
