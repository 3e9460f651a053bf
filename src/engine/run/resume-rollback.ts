// `resume --rollback`: which rollbacks an earlier run left to run, read from its (checked) journal.
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { readEvents, readMeta, runDir, type RunMeta } from './journal.js';
import { outputsMarks, restoreOutputs, stepsReadBy } from './resume-outputs.js';
import { locateStep, type RollbackResumeState } from './rollback-resume.js';
import type { Frame } from './state.js';

export type RollbackDecision =
  | { kind: 'rollback'; state: RollbackResumeState; unknown: string[] }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' | 'nothing-left' };

/** The steps a run completed here (start order; resumed ones count), and those that started and never finished. */
export function completedSteps(events: readonly RunEvent[]): { completed: string[]; unknown: string[] } {
  const started: string[] = [];
  const done = new Set<string>();
  const finished = new Set<string>();
  for (const event of events) {
    // A target host's steps are decided per host (resume-rollback-hosts.ts).
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

/** A run's journal, read and checked. */
export interface JournalRun {
  dir: string;
  runId: string;
  meta: RunMeta;
  events: RunEvent[];
}

/**
 * The run asked for, then each run it continued the rollback of (`resumedFrom` of `mode: rollback` runs), up to the run
 * whose steps were done (the last). What was rolled back anywhere along it is rolled back.
 */
export function rollbackChain(home: string, runId: string, t: Translator<EngineKey>): JournalRun[] {
  const dir = runDir(home, runId);
  const chain: JournalRun[] = [{ dir, runId, meta: readMeta(dir, t), events: readEvents(dir, t) }];
  for (let origin = chain[0]!; origin.meta.mode === 'rollback' && origin.meta.resumedFrom && chain.length < 1000; ) {
    const up = runDir(home, origin.meta.resumedFrom);
    origin = { dir: up, runId: origin.meta.resumedFrom, meta: readMeta(up, t), events: readEvents(up, t) };
    chain.push(origin);
  }
  return chain;
}

/** `<id>` (this host) or `<id>@<host>` of every rollback that passed anywhere along the chain. */
export function rolledBackIn(chain: readonly JournalRun[]): Set<string> {
  const out = new Set<string>();
  for (const run of chain) for (const e of run.events) if (e.type === 'rollback.finished' && e.ok && !e.skipped) out.add(e.host === undefined ? e.id : `${e.id}@${e.host}`);
  return out;
}

/**
 * `resume --rollback`: the completed steps of the run whose rollback has not passed (it failed, was
 * not run, or started and never ended), most recent first — included steps before their include step
 * (they started after it). A step that started and never finished did not complete: it is not rolled
 * back, and named in `unknown`. A run that itself continued a rollback continues with what the chain left.
 * Throws JournalReadError (exit 2) for a damaged journal, or outputs a rollback reads that cannot be trusted.
 */
export function decideRollback(home: string, runId: string, plan: CompiledPlan, t: Translator<EngineKey> = engineText('en'), homeArg = ''): RollbackDecision {
  const meta = readMeta(runDir(home, runId), t);
  if (meta.mode === 'check') return { kind: 'nothing', reason: 'check-run' };
  if (meta.status === 'ok') return { kind: 'nothing', reason: 'finished-ok' };
  const chain = rollbackChain(home, runId, t);
  const rolledBack = rolledBackIn(chain);
  // The run whose steps were done: rollback runs point back to it through `resumedFrom`.
  const origin = chain[chain.length - 1]!;
  const { completed, unknown } = completedSteps(origin.events);
  const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
  const frames = new Map<string, Frame>();
  const steps = [...completed].reverse().filter((id) => !rolledBack.has(id) && locateStep(root, id, frames)?.step.rollback !== undefined);
  if (steps.length === 0) return { kind: 'nothing', reason: 'nothing-left' };
  return { kind: 'rollback', state: { fromRun: runId, steps, outputs: restoreLocalOutputs(origin, completed, plan, t, homeArg) }, unknown: meta.mode === 'rollback' ? [] : unknown };
}

/** The outputs of the local steps completed, for the templates of the frame each belongs to (an included playbook reads its own steps). */
export function restoreLocalOutputs(origin: JournalRun, completed: readonly string[], plan: CompiledPlan, t: Translator<EngineKey>, homeArg: string): Record<string, StepOutputs> {
  const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
  const frames = new Map<string, Frame>();
  const readBy = new Map<CompiledPlan, Set<string>>();
  const restore = { dir: origin.dir, runId: origin.runId, marks: outputsMarks(origin.events.filter((e) => e.host === undefined)), t, homeArg };
  const outputs: Record<string, StepOutputs> = {};
  for (const id of completed) {
    const found = locateStep(root, id, frames);
    if (!found) continue;
    const read = readBy.get(found.frame.plan) ?? stepsReadBy(found.frame.plan);
    readBy.set(found.frame.plan, read);
    const restored = restoreOutputs(restore, id, read.has(found.step.id)).outputs;
    if (restored) outputs[id] = restored;
  }
  return outputs;
}
