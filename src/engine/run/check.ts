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
  for (const step of frame.plan.steps) {
    if (state.interrupts.interrupted) return { ok: false, reason: state.t('run.interrupted'), wouldRun };
    const id = step.id;
    const would = (reason: string) => {
      wouldRun.push(id);
      state.emitter.emit({ type: 'step.would_run', id, name: stepName(step), reason });
    };
    if (step.when) {
      if (step.when.deferred) {
        would(state.t('check.deferredWhen'));
        continue;
      }
      if (!isTruthy(step.when.text)) {
        state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: state.t('step.whenFalse', { value: JSON.stringify(step.when.text.trim()) }) });
        continue;
      }
    }
    if (!step.check) {
      would(step.action.kind === 'confirm' ? state.t('check.gate') : state.t('check.noProbe'));
      continue;
    }
    let result;
    try {
      result = await runProbe(state, frame, step.check, { logName: `${id}.check`, layers: [step.env], cwd: step.cwd });
    } catch (error) {
      would(state.t('check.deferredProbe', { reason: (error as Error).message }));
      continue;
    }
    if (result.ok) state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'already_done', reason: state.t('step.checkPassed') });
    else would(state.t('check.notPassed', { reason: result.reason ?? state.t('step.failed') }));
  }
  state.emitter.emit({ type: 'phase.finished', phase: 'steps', ok: true });
  return { ok: true, wouldRun };
}
