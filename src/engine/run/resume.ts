// `resume`: reads an earlier run's journal and decides which steps are done and where to continue.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StepOutputs } from '../compile.js';
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { readEvents, readMeta, runDir, runsDir, type RunMeta } from './journal.js';
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
        if (states.has(event.id)) states.set(event.id, event.ok ? 'rolled_back' : 'rollback_failed');
        break;
    }
  }
  return states;
}

export type ResumeDecision =
  | { kind: 'resume'; state: ResumeState; startAt: string }
  | { kind: 'nothing'; reason: 'finished-ok' | 'check-run' }
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
