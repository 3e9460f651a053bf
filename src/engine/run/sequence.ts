// A sequence of steps — the whole playbook or an included one: preconditions, steps, postconditions,
// rollback of what completed when it failed, and finally.
import type { StepServices } from '../../steps/index.js';
import type { PlanStep } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { runFinally } from './finally.js';
import { skipDeselected } from './deselected.js';
import { holdForTemplates } from './kept-outputs.js';
import { runRollout } from './hosts.js';
import { conclude } from './outcome.js';
import type { RunSoFar } from './run-facts.js';
import { runConditions } from './preconditions.js';
import { rollbackCompleted } from './rollback.js';
import { runStep } from './step.js';
import type { StepThrough } from './step-through.js';
import { expandAtRun, gatherIteration, reportLoopFailure } from './for-each.js';
import type { Frame, RunState } from './state.js';

/** How a sequence of steps (the whole playbook or an included one) ended. */
export interface SequenceOutcome {
  status: 'ok' | 'failed' | 'precondition_failed' | 'gate_stopped' | 'interrupted';
  failedStep?: string;
  reason?: string;
  rollbackFailed: string[];
  finallyFailed: string[];
  /** Some target hosts failed within `max_fail`: the run fails, but the ops host's completed steps stay (run/hosts.ts). */
  hostsFailed?: true;
}

export interface SequenceContext {
  state: RunState;
  services: StepServices;
  onInterrupt: 'rollback' | 'stop';
  /** Rollbacks that failed inside included playbooks (they make the whole run `rollback_failed`). */
  nestedRollbackFailed: string[];
  /** `play --step`: asks before each top-level step. */
  stepThrough?: StepThrough;
}

export async function runSequence(ctx: SequenceContext, frame: Frame, top: boolean): Promise<SequenceOutcome> {
  const { state, services } = ctx;
  const outcome: SequenceOutcome = { status: 'ok', rollbackFailed: [], finallyFailed: [] };

  const pre = await runConditions(state, frame, 'preconditions', { events: top });
  if (!pre.ok) {
    Object.assign(outcome, { status: pre.interrupted || state.interrupts.interrupted ? 'interrupted' : 'precondition_failed', reason: pre.reason });
  } else {
    await runSteps(ctx, frame, top, outcome);
    if (outcome.status === 'ok') {
      const post = await runConditions(state, frame, 'postconditions', { events: top });
      if (!post.ok) Object.assign(outcome, { status: post.interrupted ? 'interrupted' : 'failed', reason: post.reason });
    }
    const rollBack =
      (outcome.status === 'failed' && !outcome.hostsFailed) || outcome.status === 'gate_stopped' || (outcome.status === 'interrupted' && ctx.onInterrupt === 'rollback');
    if (rollBack && !state.interrupts.forced && frame.completed.some(hasRollback)) {
      if (top) state.emitter.emit({ type: 'phase.started', phase: 'rollback' });
      const rolled = await rollbackCompleted(state, frame.completed);
      // Added to those of the target hosts (run/hosts.ts), which a passing rollback here must not hide.
      outcome.rollbackFailed.push(...rolled.failed);
      if (top) state.emitter.emit({ type: 'phase.finished', phase: 'rollback', ok: rolled.ok });
    }
  }
  frame.soFar = soFar(outcome, state);
  if (!state.interrupts.forced) outcome.finallyFailed = await runFinally(state, frame, services, { events: top });
  return outcome;
}

/** The status `{{run.status}}` shows in `finally`: the run's end as it stands before `finally` runs. */
function soFar(outcome: SequenceOutcome, state: RunState): RunSoFar {
  const { status, reason } = conclude(outcome, state);
  return { status, ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}), ...(reason ? { error: reason } : {}) };
}

/** Runs an included playbook's frame; its failed rollbacks make the whole run `rollback_failed`. */
export async function runIncluded(ctx: SequenceContext, frame: Frame): Promise<SequenceOutcome> {
  const outcome = await runSequence(ctx, frame, false);
  ctx.nestedRollbackFailed.push(...outcome.rollbackFailed);
  return outcome;
}

const hasContent = (outputs: StepOutputs): boolean => Boolean(outputs.stdout || outputs.stderr || outputs.json !== undefined);

function hasRollback(entry: Frame['completed'][number]): boolean {
  return entry.step.rollback !== undefined || (entry.nested?.completed.some(hasRollback) ?? false);
}

async function runSteps(ctx: SequenceContext, frame: Frame, top: boolean, outcome: SequenceOutcome): Promise<void> {
  const { state } = ctx;
  if (top) state.emitter.emit({ type: 'phase.started', phase: 'steps' });
  if (top && state.targets && frame.plan.targets) await runRollout(ctx, frame, outcome, (list) => runStepList(ctx, frame, list, top, outcome));
  else await runStepList(ctx, frame, frame.plan.steps.map((step, index) => ({ step, index })), top, outcome);
  if (top) state.emitter.emit({ type: 'phase.finished', phase: 'steps', ok: outcome.status === 'ok' });
}

/** Steps of the frame (each with its place in the plan) on the ops host, until one fails. */
async function runStepList(ctx: SequenceContext, frame: Frame, list: readonly StepAt[], top: boolean, outcome: SequenceOutcome): Promise<void> {
  const { state } = ctx;
  const resumed: Resumed = top ? new Map(state.options.resume?.done.map((d) => [d.id, d])) : new Map();
  for (const { step: listed, index: i } of list) {
    if (skipDeselected(state, frame, listed, 'steps')) continue;
    // A for_each over a step output becomes its iterations here (for-each.ts); any other step is itself.
    const expanded = resumed.has(listed.id) ? { steps: [listed] } : expandAtRun(state, frame, listed, 'steps');
    if ('reason' in expanded) {
      failLoop(state, frame, listed, expanded.reason, outcome);
      break;
    }
    if (!(await runListed(ctx, frame, expanded.steps, { index: i, top, resumed }, outcome))) break;
  }
}

/** A loop whose list cannot be read fails as a step; the run rolls back. */
function failLoop(state: SequenceContext['state'], frame: Frame, step: PlanStep, reason: string, outcome: SequenceOutcome): void {
  const id = reportLoopFailure(state, frame, step, 'steps', reason);
  Object.assign(outcome, { status: 'failed', failedStep: id, reason: `${id}: ${reason}` });
}

type Resumed = Map<string, NonNullable<SequenceContext['state']['options']['resume']>['done'][number]>;

/** Takes a step the resumed run finished as done here (journaled as skipped, its outputs kept). */
function takeResumed(state: RunState, frame: Frame, step: PlanStep, done: Resumed extends Map<string, infer D> ? D : never): void {
  const id = frame.prefix + step.id;
  // Kept in this run's journal too (before the event that says so), so that a resume of this run finds them.
  const kept = done.masked ? 'masked' : done.outputs && hasContent(done.outputs) && state.journal.writeOutputs(id, done.outputs) ? 'kept' : undefined;
  state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: done.status === 'already_done' ? 'already_done' : 'skipped', reason: state.t('step.resumed', { run: state.options.resume!.fromRun }), fromRun: state.options.resume!.fromRun, previous: done.status, ...(kept ? { outputs: kept } : {}) });
  state.record({ id, phase: 'steps', status: done.status, attempts: 0, durationMs: 0 });
  if (done.outputs) holdForTemplates(frame, step, done.outputs);
  gatherIteration(frame, step);
  if (done.status === 'ok') frame.completed.push({ frame, step, fullId: id });
}

/** Runs the steps a listed step stands for (itself, or its iterations); false when the run stops here. */
async function runListed(ctx: SequenceContext, frame: Frame, list: readonly PlanStep[], at: { index: number; top: boolean; resumed: Resumed }, outcome: SequenceOutcome): Promise<boolean> {
  const { state, services } = ctx;
  const steps = frame.plan.steps;
  const i = at.index;
  for (const step of list) {
    const id = frame.prefix + step.id;
    const done = at.resumed.get(step.id);
    if (done) {
      takeResumed(state, frame, step, done);
      continue;
    }
    if (state.interrupts.interrupted) {
      Object.assign(outcome, { status: 'interrupted', reason: state.t('step.interruptedBefore', { signal: state.interrupts.signal ?? '', step: id }) });
      return false;
    }
    // The journal cannot be written (a full disk): stop, without naming a step that never started as the failed one.
    const halted = state.halted;
    if (halted) {
      Object.assign(outcome, { status: 'failed', reason: halted });
      return false;
    }
    const through = at.top && ctx.stepThrough ? await ctx.stepThrough.before(frame, step, i + 1, steps.length, outcome) : 'run';
    if (through === 'skip') continue;
    if (through === 'stop') return false;
    const result = await runStep(state, frame, step, 'steps', i + 1, steps.length, services);
    gatherIteration(frame, step);
    if (result.notStarted) {
      Object.assign(outcome, { status: 'failed', reason: result.reason });
      return false;
    }
    if (result.status === 'ok') {
      frame.completed.push({ frame, step, fullId: id, nested: result.nested });
      continue;
    }
    if (result.gateStopped && !state.interrupts.interrupted) {
      Object.assign(outcome, { status: 'gate_stopped', failedStep: id, reason: `${id}: ${result.reason ?? state.t('gate.notPassed')}` });
      return false;
    }
    if ((result.status !== 'failed' && !result.gateStopped) || result.continued) continue;
    const interrupted = result.interrupted || state.interrupts.interrupted;
    Object.assign(outcome, { status: interrupted ? 'interrupted' : 'failed', failedStep: id, reason: `${id}: ${result.reason ?? state.t('step.failed')}` });
    return false;
  }
  return true;
}

/** A step and its place in its plan's `steps`. */
export interface StepAt {
  step: PlanStep;
  index: number;
}
