// `--check`: runs the preconditions and each step's `check` probe, and reports what a real run would change.
import { isTruthy } from '../template.js';
import { runConditions } from './preconditions.js';
import { runProbe } from './probes.js';
import { stepName, type Frame, type RunState } from './state.js';

export interface CheckOutcome {
  ok: boolean;
  reason?: string;
  wouldRun: string[];
}

export async function runCheckOnly(state: RunState, frame: Frame): Promise<CheckOutcome> {
  const pre = await runConditions(state, frame, 'preconditions', { events: true });
  if (!pre.ok) return { ok: false, reason: pre.reason, wouldRun: [] };
  const wouldRun: string[] = [];
  state.emitter.emit({ type: 'phase.started', phase: 'steps' });
  const interrupted = await checkSteps(state, frame, wouldRun);
  if (interrupted) return { ok: false, reason: state.t('run.interrupted'), wouldRun };
  state.emitter.emit({ type: 'phase.finished', phase: 'steps', ok: true });
  return { ok: true, wouldRun };
}

/** Checks each step of a frame; an included playbook without a check of its own is checked step by step. */
async function checkSteps(state: RunState, frame: Frame, wouldRun: string[]): Promise<boolean> {
  for (const step of frame.plan.steps) {
    if (state.interrupts.interrupted) return true;
    const id = frame.prefix + step.id;
    const parent = frame.parent !== undefined ? { parent: frame.parent } : {};
    const would = (reason: string) => {
      wouldRun.push(id);
      state.emitter.emit({ type: 'step.would_run', id, name: stepName(step, state.options.lang ?? 'en'), reason, ...parent });
    };
    if (step.when) {
      if (step.when.deferred) {
        would(state.t('check.deferredWhen'));
        continue;
      }
      if (!isTruthy(step.when.text)) {
        state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: state.t('step.whenFalse', { value: JSON.stringify(step.when.text.trim()) }), ...parent });
        continue;
      }
    }
    if (!step.check && step.action.kind === 'playbook') {
      // The include's own steps say what would change; its preconditions may depend on earlier steps, so they wait for the run.
      const child: Frame = { plan: step.action.plan, prefix: `${id}.`, parent: id, outputs: {}, completed: [] };
      const before = wouldRun.length;
      if (await checkSteps(state, child, wouldRun)) return true;
      const changes = wouldRun.length - before;
      // When some of its steps would run, their own lines (`<include>.<step>`) say so.
      if (changes === 0) state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'already_done', reason: state.t('check.includeDone'), ...parent });
      continue;
    }
    if (!step.check) {
      would(step.action.kind === 'confirm' ? state.t('check.gate') : state.t('check.noProbe'));
      continue;
    }
    const check = step.check.action;
    if (check.kind === 'run' ? check.command.deferred : check.request.url.deferred) {
      // It reads outputs of steps that a check run does not run.
      would(state.t('check.deferredProbe'));
      continue;
    }
    let result;
    try {
      result = await runProbe(state, frame, step.check, { logName: `${id}.check`, layers: [step.env], cwd: step.cwd });
    } catch (error) {
      would(state.t('check.probeError', { reason: (error as Error).message }));
      continue;
    }
    if (result.ok) state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'already_done', reason: state.t('step.checkPassed'), ...parent });
    else would(state.t('check.notPassed', { reason: result.reason ?? state.t('step.failed') }));
  }
  return false;
}
