// A `for_each` over a step output, known only when the run reaches it: read the list, check it, and
// expand the loop step into its iterations (`restart[mlflow]`), said in a `step.expanded` event.
import type { PlanStep } from '../plan.js';
import { expandIteration, gatherOutputs, iterationLabels, readJsonPath } from '../for-each-items.js';
import type { StepPhase } from './step.js';
import { stepName, type Frame, type RunState } from './state.js';

/** The steps to run for a listed step: itself, or the iterations of its loop; `reason` when the list cannot be read. */
export function expandAtRun(state: RunState, frame: Frame, step: PlanStep, phase: StepPhase): { steps: PlanStep[] } | { reason: string } {
  const over = step.forEach?.over;
  if (over === undefined) return { steps: [step] };
  const [, source, , ...path] = over.split('.');
  const outputs = source === undefined ? undefined : frame.outputs[source];
  const list = outputs?.json === undefined ? undefined : readJsonPath(outputs.json, path);
  if (!Array.isArray(list)) {
    const got = outputs === undefined ? state.t('forEach.noOutputs', { step: source ?? '' }) : list === undefined ? state.t('forEach.missing') : typeof list;
    return { reason: state.t('forEach.notList', { over, got }) };
  }
  const max = step.forEach!.maxItems;
  if (list.length > max) return { reason: state.t('forEach.tooMany', { over, count: list.length, max }) };
  const labels = iterationLabels(list, (text) => state.redactor.redact(text));
  const steps = list.map((item, i) => expandIteration(step, item, labels[i]!, i));
  state.emitter.emit({
    type: 'step.expanded',
    phase,
    id: frame.prefix + step.id,
    iterations: steps.map((s) => frame.prefix + s.id),
    ...(frame.parent ? { parent: frame.parent } : {}),
  });
  return { steps };
}

/** After an iteration (run, or done in the resumed run): its outputs join those later steps read as the loop's. */
export function gatherIteration(frame: Frame, step: PlanStep): void {
  const outputs = frame.outputs[step.id];
  if (step.forEach?.label === undefined || !outputs) return;
  frame.outputs[step.forEach.step] = gatherOutputs(frame.outputs[step.forEach.step], outputs);
}

/** A loop whose list cannot be read fails as a step would: started, then finished `failed` with the reason. Returns its full id. */
export function reportLoopFailure(state: RunState, frame: Frame, step: PlanStep, phase: StepPhase, reason: string, list: readonly PlanStep[] = phase === 'steps' ? frame.plan.steps : frame.plan.finally): string {
  const id = frame.prefix + step.id;
  const parent = frame.parent ? { parent: frame.parent } : {};
  state.emitter.emit({ type: 'step.started', phase, id, name: stepName(step, state.options.lang ?? 'en'), index: list.indexOf(step) + 1, total: list.length, kind: step.action.kind, ...parent });
  state.emitter.emit({ type: 'step.finished', phase, id, status: 'failed', durationMs: 0, reason, ...parent });
  state.record({ id, phase, status: 'failed', attempts: 0, durationMs: 0, reason });
  return id;
}
