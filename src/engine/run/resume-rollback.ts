// `resume --rollback`: which rollbacks an earlier run left to run, read from its (checked) journal.
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { readEvents, readMeta, runDir } from './journal.js';
import { outputsMarks, restoreOutputs, stepsReadBy } from './resume-outputs.js';
import { locateStep, type RollbackResumeState } from './rollback-resume.js';
import type { Frame } from './state.js';

export type RollbackDecision =
  | { kind: 'rollback'; state: RollbackResumeState; unknown: string[] }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' | 'nothing-left' };

/** The steps a run completed (start order; resumed ones count), and those that started and never finished. */
function completedSteps(events: readonly RunEvent[]): { completed: string[]; unknown: string[] } {
  const started: string[] = [];
  const done = new Set<string>();
  const finished = new Set<string>();
  for (const event of events) {
    // A target host's steps are never rolled back from here (resume refuses --rollback for such runs).
    if (event.host !== undefined) continue;
    if (event.type === 'step.started' && event.phase === 'steps' && !started.includes(event.id)) started.push(event.id);
    if (event.type === 'step.skipped' && event.phase === 'steps' && event.fromRun && event.previous === 'ok') {
      started.push(event.id);
      done.add(event.id);
    }
    if (event.type === 'step.finished' && event.phase === 'steps') {
      finished.add(event.id);
      if (event.status === 'ok') done.add(event.id);
    }
  }
  return { completed: started.filter((id) => done.has(id)), unknown: started.filter((id) => !done.has(id) && !finished.has(id)) };
}

/**
 * `resume --rollback`: the completed steps of the run whose rollback has not passed (it failed, was
 * not run, or started and never ended), most recent first — included steps before their include step
 * (they started after it). A step that started and never finished did not complete: it is not rolled
 * back, and named in `unknown`. A run that itself continued a rollback continues with what it left.
 * Throws JournalReadError (exit 2) for a damaged journal, or outputs a rollback reads that cannot be trusted.
 */
export function decideRollback(home: string, runId: string, plan: CompiledPlan, t: Translator<EngineKey> = engineText('en'), homeArg = ''): RollbackDecision {
  const dir = runDir(home, runId);
  const meta = readMeta(dir, t);
  if (meta.mode === 'check') return { kind: 'nothing', reason: 'check-run' };
  if (meta.status === 'ok') return { kind: 'nothing', reason: 'finished-ok' };
  const events = readEvents(dir, t);
  const rolledBack = new Set<string>();
  for (const e of events) if (e.type === 'rollback.finished' && e.ok && !e.skipped) rolledBack.add(e.id);
  // The run whose steps were done: rollback runs point back to it through `resumedFrom`.
  let origin = { dir, runId, meta, events };
  for (let depth = 0; origin.meta.mode === 'rollback' && origin.meta.resumedFrom && depth < 1000; depth++) {
    const up = runDir(home, origin.meta.resumedFrom);
    origin = { dir: up, runId: origin.meta.resumedFrom, meta: readMeta(up, t), events: readEvents(up, t) };
  }
  const { completed, unknown } = completedSteps(origin.events);
  const order = meta.mode === 'rollback' ? (meta.rollbackSteps ?? []) : [...completed].reverse();
  const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
  const frames = new Map<string, Frame>();
  const steps = order.filter((id) => !rolledBack.has(id) && locateStep(root, id, frames)?.step.rollback !== undefined);
  if (steps.length === 0) return { kind: 'nothing', reason: 'nothing-left' };
  // Outputs are restored for the templates of the frame each step belongs to (an included playbook reads its own steps).
  const readBy = new Map<CompiledPlan, Set<string>>();
  const restore = { dir: origin.dir, runId: origin.runId, marks: outputsMarks(origin.events), t, homeArg };
  const outputs: Record<string, StepOutputs> = {};
  for (const id of completed) {
    const found = locateStep(root, id, frames);
    if (!found) continue;
    const read = readBy.get(found.frame.plan) ?? stepsReadBy(found.frame.plan);
    readBy.set(found.frame.plan, read);
    const restored = restoreOutputs(restore, id, read.has(found.step.id)).outputs;
    if (restored) outputs[id] = restored;
  }
  return { kind: 'rollback', state: { fromRun: runId, steps, outputs }, unknown: meta.mode === 'rollback' ? [] : unknown };
}
