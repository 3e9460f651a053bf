// `resume`: reads an earlier run's journal (checked: see journal-read.ts) and decides which steps are
// done and where to continue. A step whose outcome the journal cannot tell is *unknown*, never done.
import { readdirSync } from 'node:fs';
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { readEvents, readMeta, runDir, runsDir, tryReadMeta, type RunMeta } from './journal.js';
import type { Problem } from './journal-read.js';
import { isMissing } from './journal-reason.js';
import { outputsMarks, restoreOutputs, stepsReadBy } from './resume-outputs.js';
import type { ResumeState } from './types.js';
import { loopStepOf } from '../for-each-items.js';

export { decideRollback, type RollbackDecision } from './resume-rollback.js';

/** What the journal says about a top-level step at the end of the run. */
export type JournalStepState = 'ok' | 'already_done' | 'skipped' | 'failed' | 'started' | 'rolled_back' | 'rollback_started' | 'rollback_failed' | 'not_started';

/** The top-level step a (possibly included, `<include>.<child>`) step belongs to. */
const topLevel = (id: string): string => id.split('.')[0]!;

export function stepStates(events: readonly RunEvent[]): Map<string, JournalStepState> {
  const states = new Map<string, JournalStepState>();
  // Gates not passed. Older journals recorded them as `step.skipped`: still not done.
  const refused = new Set<string>();
  for (const event of events) {
    // A target host's step events: resume decides per host (resume-hosts.ts), not here.
    if (event.host !== undefined) continue;
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
        // Left out by the selection: it never ran (a resume with another selection runs it).
        if (event.deselected === true) states.set(event.id, 'not_started');
        else if (event.phase === 'steps' && !event.parent) states.set(event.id, refused.has(event.id) && !event.fromRun ? 'failed' : (event.previous ?? event.status));
        break;
      // A rollback of an included step changes its include step too (it is no longer done).
      case 'rollback.started':
        if (states.has(topLevel(event.id))) states.set(topLevel(event.id), 'rollback_started');
        break;
      case 'rollback.finished':
        // A rollback that did not run (an earlier one failed) left its step as it was: still done.
        if (states.has(topLevel(event.id)) && !event.skipped) states.set(topLevel(event.id), event.ok ? 'rolled_back' : 'rollback_failed');
        break;
    }
  }
  return states;
}

export type ResumeDecision =
  | { kind: 'resume'; state: ResumeState; startAt: string }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' | 'rollback-run' }
  | { kind: 'unknown'; step: string }
  /** Its rollback started and never finished (the engine was killed): it may be partly undone. */
  | { kind: 'unknown-rollback'; step: string }
  | { kind: 'bad-from'; step: string };

/**
 * Where to continue: the first step not completed. A step that started but never finished (the
 * engine was killed), or whose rollback failed, is re-run only when it has a `check` probe (which
 * decides) or when the user names a step with `from`; one whose rollback started and never finished
 * always needs the user. Throws JournalReadError (exit 2, naming the file) when the journal is damaged.
 */
export function decideResume(home: string, runId: string, plan: CompiledPlan, from?: string, t: Translator<EngineKey> = engineText('en'), homeArg = ''): ResumeDecision {
  const dir = runDir(home, runId);
  const meta = readMeta(dir, t);
  if (meta.mode === 'check') return { kind: 'nothing', reason: 'check-run' };
  if (meta.mode === 'rollback') return { kind: 'nothing', reason: 'rollback-run' };
  const events = readEvents(dir, t);
  const states = stepStates(events);
  const iterations = expandedIterations(events);
  const ids = resumeUnits(plan, iterations).flatMap((u) => (u.loop ? [u.id, u.loop] : [u.id]));
  if (from !== undefined && !ids.includes(from)) return { kind: 'bad-from', step: from };
  const read = stepsReadBy(plan);
  const restore = { dir, runId, marks: outputsMarks(events), t, homeArg };
  const done: ResumeState['done'] = [];
  const markDone = (id: string, status: 'ok' | 'already_done' | 'skipped') => done.push({ id, status, ...(status === 'ok' ? restoreOutputs(restore, id, read.has(id) || read.has(loopStepOf(id))) : {}) });
  let startAt: string | undefined;
  for (const step of resumeUnits(plan, iterations)) {
    // Left out by this resume's selection: neither done nor where to start (the run skips it again).
    if (step.deselected) continue;
    const state = states.get(step.id) ?? 'not_started';
    if (from !== undefined) {
      if (step.id === from || step.loop === from) {
        startAt = step.id;
        break;
      }
      // Before --from: the user says these are done.
      markDone(step.id, state === 'already_done' || state === 'skipped' ? state : 'ok');
      continue;
    }
    if (state === 'ok' || state === 'already_done' || state === 'skipped') {
      markDone(step.id, state);
      continue;
    }
    if (state === 'rollback_started') return { kind: 'unknown-rollback', step: step.id };
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

/** The iterations of each for_each over a step output that the run expanded (its last `step.expanded`). */
function expandedIterations(events: readonly RunEvent[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // A target host's expansion is its own (resume decides per host, resume-hosts.ts), as in stepStates.
  for (const event of events) if (event.type === 'step.expanded' && event.phase === 'steps' && !event.parent && event.host === undefined) out.set(event.id, event.iterations);
  return out;
}

/**
 * What resume decides step by step: each plan step, a loop over a step output as the iterations the
 * run expanded it into (each done or not on its own; not expanded yet: the loop as one), and for
 * every iteration the loop it belongs to (`--from <loop>` starts at its first iteration).
 */
function resumeUnits(plan: CompiledPlan, iterations: Map<string, string[]>): { id: string; check?: unknown; loop?: string; deselected?: unknown }[] {
  return plan.steps.flatMap((step) => {
    const expanded = step.forEach?.over !== undefined ? iterations.get(step.id) : undefined;
    const loop = step.forEach?.step;
    const left = step.deselected ? { deselected: step.deselected } : {};
    if (!expanded) return [{ id: step.id, check: step.check, ...(loop ? { loop } : {}), ...left }];
    return expanded.map((id) => ({ id, check: step.check, loop: step.id, ...left }));
  });
}

export interface RunSummary extends RunMeta {
  dir: string;
}

/** Runs in the home, newest first (run ids sort by time). A damaged meta.json is reported through `onProblem`, not listed. */
export function listRuns(home: string, onProblem?: (problem: Problem) => void): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(runsDir(home));
  } catch {
    return [];
  }
  const out: RunSummary[] = [];
  for (const name of names) {
    const dir = runDir(home, name);
    const read = tryReadMeta(dir);
    if ('meta' in read) out.push({ ...read.meta, dir });
    else onProblem?.(read.problem);
  }
  return out.sort(newestFirst);
}

/** Newest first: by start time, then by run id. */
export function newestFirst(a: RunMeta, b: RunMeta): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  return a.runId === b.runId ? 0 : a.runId < b.runId ? 1 : -1;
}

/** A run id names a directory of runs/: no path separators, no `.` or `..`. */
export const isRunId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id) && !id.includes('..');

/** `last` means the newest run. */
export function resolveRunId(home: string, id: string): string | undefined {
  if (id === 'last') return listRuns(home)[0]?.runId;
  if (!isRunId(id)) return undefined;
  const read = tryReadMeta(runDir(home, id));
  // A run whose meta.json is damaged is still found: the command that needs it says what is wrong.
  return 'meta' in read || !isMissing(read.problem.why) ? id : undefined;
}
