// `resume`: reads an earlier run's journal and decides which steps are done and where to continue.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StepOutputs } from '../compile.js';
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { readEvents, readMeta, runDir, runsDir, type RunMeta } from './journal.js';
import { locateStep, type RollbackResumeState } from './rollback-resume.js';
import type { Frame } from './state.js';
import type { ResumeState } from './types.js';

/** What the journal says about a top-level step at the end of the run. */
export type JournalStepState = 'ok' | 'already_done' | 'skipped' | 'failed' | 'started' | 'rolled_back' | 'rollback_failed' | 'not_started';

export function stepStates(events: readonly RunEvent[]): Map<string, JournalStepState> {
  const states = new Map<string, JournalStepState>();
  // Gates not passed. Older journals recorded them as `step.skipped`: still not done.
  const refused = new Set<string>();
  for (const event of events) {
    switch (event.type) {
      case 'confirm.answered':
        if (!event.accepted) refused.add(event.id);
        break;
      case 'step.started':
        if (event.phase === 'steps' && !event.parent) states.set(event.id, 'started');
        break;
      case 'step.finished':
        if (event.phase === 'steps' && !event.parent) states.set(event.id, event.status === 'ok' ? 'ok' : 'failed');
        break;
      case 'step.skipped':
        if (event.phase === 'steps' && !event.parent) states.set(event.id, refused.has(event.id) && !event.fromRun ? 'failed' : (event.previous ?? event.status));
        break;
      case 'rollback.finished':
        // A rollback that did not run (an earlier one failed) left its step as it was: still done.
        if (states.has(event.id) && !event.skipped) states.set(event.id, event.ok ? 'rolled_back' : 'rollback_failed');
        break;
    }
  }
  return states;
}

export type ResumeDecision =
  | { kind: 'resume'; state: ResumeState; startAt: string }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' | 'rollback-run' }
  | { kind: 'unknown'; step: string }
  | { kind: 'bad-from'; step: string };

function readOutputs(dir: string, id: string): StepOutputs {
  const path = join(dir, 'steps', `${id}.outputs.json`);
  const empty: StepOutputs = { stdout: '', stderr: '', exit_code: 0 };
  if (!existsSync(path)) return empty;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StepOutputs;
  } catch {
    return empty;
  }
}

/**
 * Where to continue: the first step not completed. A step that started but never finished (the
 * engine was killed) is re-run only when it has a `check` probe (which decides) or when the user
 * names a step with `from`.
 */
export function decideResume(home: string, runId: string, plan: CompiledPlan, from?: string): ResumeDecision {
  const dir = runDir(home, runId);
  const meta = readMeta(dir);
  if (meta.mode === 'check') return { kind: 'nothing', reason: 'check-run' };
  if (meta.mode === 'rollback') return { kind: 'nothing', reason: 'rollback-run' };
  const states = stepStates(readEvents(dir));
  const ids = plan.steps.map((s) => s.id);
  if (from !== undefined && !ids.includes(from)) return { kind: 'bad-from', step: from };
  const done: ResumeState['done'] = [];
  let startAt: string | undefined;
  for (const step of plan.steps) {
    const state = states.get(step.id) ?? 'not_started';
    if (from !== undefined) {
      if (step.id === from) {
        startAt = step.id;
        break;
      }
      // Before --from: the user says these are done.
      const status = state === 'already_done' || state === 'skipped' ? state : 'ok';
      done.push({ id: step.id, status, ...(status === 'ok' ? { outputs: readOutputs(dir, step.id) } : {}) });
      continue;
    }
    if (state === 'ok' || state === 'already_done' || state === 'skipped') {
      done.push({ id: step.id, status: state, ...(state === 'ok' ? { outputs: readOutputs(dir, step.id) } : {}) });
      continue;
    }
    if ((state === 'started' || state === 'rollback_failed') && !step.check) return { kind: 'unknown', step: step.id };
    startAt = step.id;
    break;
  }
  if (startAt === undefined) {
    if (meta.status === 'ok') return { kind: 'nothing', reason: 'finished-ok' };
    // Every step completed; the run failed later (postconditions, finally): run those again.
    startAt = '(postconditions)';
  }
  return { kind: 'resume', state: { fromRun: runId, done }, startAt };
}

export interface RunSummary extends RunMeta {
  dir: string;
}

/** Runs in the home, newest first (run ids sort by time). */
export function listRuns(home: string): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(runsDir(home));
  } catch {
    return [];
  }
  const out: RunSummary[] = [];
  for (const name of names.sort().reverse()) {
    const dir = runDir(home, name);
    try {
      out.push({ ...readMeta(dir), dir });
    } catch {
      // not a run directory (or meta.json lost): skipped
    }
  }
  return out.sort((a, b) => (a.startedAt === b.startedAt ? (a.runId < b.runId ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1));
}

/** `last` means the newest run. */
export function resolveRunId(home: string, id: string): string | undefined {
  if (id === 'last') return listRuns(home)[0]?.runId;
  return existsSync(join(runDir(home, id), 'meta.json')) ? id : undefined;
}

export type RollbackDecision =
  | { kind: 'rollback'; state: RollbackResumeState; unknown: string[] }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' | 'nothing-left' };

/** The steps a run completed (started order; resumed ones count), and those that started and never finished. */
function completedSteps(events: readonly RunEvent[]): { completed: string[]; unknown: string[] } {
  const started: string[] = [];
  const done = new Set<string>();
  const finished = new Set<string>();
  for (const event of events) {
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
 * `resume --rollback`: the completed steps of the run whose rollback has not run (or failed, or
 * started and never ended), most recent first — included steps before their include step (they
 * started after it). A step that started and never finished did not complete: it is not rolled back,
 * and named in `unknown`. A run that itself continued a rollback continues with what it left.
 */
export function decideRollback(home: string, runId: string, plan: CompiledPlan): RollbackDecision {
  const dir = runDir(home, runId);
  const meta = readMeta(dir);
  if (meta.mode === 'check') return { kind: 'nothing', reason: 'check-run' };
  if (meta.status === 'ok') return { kind: 'nothing', reason: 'finished-ok' };
  const events = readEvents(dir);
  const rolledBack = new Set<string>();
  for (const e of events) if (e.type === 'rollback.finished' && e.ok && !e.skipped) rolledBack.add(e.id);
  // The run whose steps were done: rollback runs point back to it through `resumedFrom`.
  let origin = { dir, meta, events };
  for (let depth = 0; origin.meta.mode === 'rollback' && origin.meta.resumedFrom && depth < 1000; depth++) {
    const up = runDir(home, origin.meta.resumedFrom);
    origin = { dir: up, meta: readMeta(up), events: readEvents(up) };
  }
  const { completed, unknown } = completedSteps(origin.events);
  const order = meta.mode === 'rollback' ? (meta.rollbackSteps ?? []) : [...completed].reverse();
  const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
  const frames = new Map<string, Frame>();
  const steps = order.filter((id) => !rolledBack.has(id) && locateStep(root, id, frames)?.step.rollback !== undefined);
  if (steps.length === 0) return { kind: 'nothing', reason: 'nothing-left' };
  const outputs: Record<string, StepOutputs> = {};
  for (const id of completed) outputs[id] = readOutputs(origin.dir, id);
  return { kind: 'rollback', state: { fromRun: runId, steps, outputs }, unknown: meta.mode === 'rollback' ? [] : unknown };
}
