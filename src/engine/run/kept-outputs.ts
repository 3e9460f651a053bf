// Which step outputs a run keeps in memory: those a template of the same playbook reads, no others.
import type { CompiledPlan } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { stepsReadBy } from './resume-outputs.js';
import type { Frame } from './state.js';

/** Per plan (an included playbook has its own): the ids its templates name in `{{steps.<id>.…}}`. */
const readByPlan = new WeakMap<CompiledPlan, ReadonlySet<string>>();

function readBy(plan: CompiledPlan): ReadonlySet<string> {
  let ids = readByPlan.get(plan);
  if (!ids) {
    ids = stepsReadBy(plan);
    readByPlan.set(plan, ids);
  }
  return ids;
}

/**
 * Keeps a step's outputs for the templates still to render (later steps, rollbacks, `finally`, postconditions).
 * A value is up to 1 MiB a stream, so keeping every step's made a long run's memory grow with what it printed;
 * the journal has them all the same (`steps/<id>.outputs.json`). The compiler accepts no other way to read them
 * (`steps.<id>.<field>` with a literal id), so the set is exact.
 */
export function holdForTemplates(frame: Frame, step: { id: string; forEach?: { step: string } }, outputs: StepOutputs): void {
  const read = readBy(frame.plan);
  // An iteration's outputs are gathered into its loop's (`steps.<loop>.stdout`): kept when the loop's are read.
  if (read.has(step.id) || (step.forEach !== undefined && read.has(step.forEach.step))) frame.outputs[step.id] = outputs;
}
