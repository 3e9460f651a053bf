// `resume --rollback`: a run that only continues an earlier run's rollback, from the one that failed.
import type { StepOutputs } from '../template-render.js';
import type { PlanStep } from '../plan.js';
import { stepKind } from '../../steps/index.js';
import { rollbackInOrder } from './rollback.js';
import { rollBackHosts, type HostRollbackState } from './rollback-hosts.js';
import type { SequenceOutcome } from './sequence.js';
import type { Completed, Frame, RunState } from './state.js';

/** What `resume --rollback` hands the runner. */
export interface RollbackResumeState {
  fromRun: string;
  /** Full ids (`inc.child` for included steps) whose rollback is still to run, in the order to run them. */
  steps: string[];
  /** Outputs of the earlier run's completed steps, by full id: rollback commands may read them. */
  outputs: Record<string, StepOutputs>;
  /** A run with `targets`: each host's rollbacks left (run first, on the hosts, as in the run), over `RunOptions.targets`. */
  hosts?: HostRollbackState[];
}

/** Finds the step with this full id and the frame (included playbook) it belongs to, creating frames as needed. */
export function locateStep(root: Frame, fullId: string, frames = new Map<string, Frame>()): { frame: Frame; step: PlanStep } | undefined {
  let frame = root;
  let rest = fullId;
  for (;;) {
    const step = frame.plan.steps.find((s) => s.id === rest);
    if (step) return { frame, step };
    const include = frame.plan.steps.find((s) => rest.startsWith(`${s.id}.`) && stepKind(s.action).included?.(s.action));
    const included = include && stepKind(include.action).included?.(include.action);
    if (!include || !included) return undefined;
    const prefix = `${frame.prefix}${include.id}.`;
    let child = frames.get(prefix);
    if (!child) {
      child = { plan: included.plan, prefix, parent: `${frame.prefix}${include.id}`, outputs: {}, completed: [] };
      frames.set(prefix, child);
    }
    frame = child;
    rest = rest.slice(include.id.length + 1);
  }
}

/**
 * Runs the rollbacks left by an earlier run, in order, with the same rule as any rollback: the first
 * that fails stops it. No preconditions, no steps and no `finally` (the earlier run ran those).
 */
export async function runRollbackOnly(state: RunState, root: Frame, resume: RollbackResumeState): Promise<SequenceOutcome> {
  const frames = new Map<string, Frame>();
  for (const [id, outputs] of Object.entries(resume.outputs)) {
    const found = locateStep(root, id, frames);
    if (found) found.frame.outputs[found.step.id] = outputs;
  }
  const entries: Completed[] = [];
  for (const id of resume.steps) {
    const found = locateStep(root, id, frames);
    if (found) entries.push({ frame: found.frame, step: found.step, fullId: id });
  }
  state.emitter.emit({ type: 'phase.started', phase: 'rollback' });
  // The hosts first, then this host's steps (they ran before the hosts'), as the run itself rolls back.
  const hosts = resume.hosts?.length ? await rollBackHosts(state, root, resume.hosts, state.options.targets?.pattern ?? '') : { failed: [], left: [] };
  // A host whose rollback did not pass stops the rollback here: this host's rollbacks wait for it (a human must look).
  if (hosts.left.length > 0) state.rollbackStoppedAt ??= hosts.failed[0] ?? state.unrolled[0]?.id ?? hosts.left[0];
  const rolled = await rollbackInOrder(state, entries);
  state.emitter.emit({ type: 'phase.finished', phase: 'rollback', ok: rolled.ok && hosts.left.length === 0 });
  const interrupted = state.interrupts.interrupted;
  return {
    // Rolled back cleanly, the earlier run ends as any failed run that rolled back: `failed`, exit 1.
    status: interrupted ? 'interrupted' : 'failed',
    reason: state.t('outcome.rollbackResumed', { run: resume.fromRun }),
    rollbackFailed: [...hosts.failed, ...rolled.failed],
    finallyFailed: [],
  };
}
