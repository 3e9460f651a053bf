// The step kinds, registered in one record: the only list of them. Everything else asks this registry
// (or loops over it); a kind missing a part is a type error here.
import type { YamlPath } from '../engine/loaded.js';
import type { Step } from '../engine/playbook.gen.js';
import type { PlanAction } from '../engine/plan.js';
import type { Pending, StepCompiler } from './compiler.js';
import { confirmKind } from './confirm.js';
import type { ActionContext, ActionResult } from './context.js';
import type { ActionKind, StepKind } from './kind.js';
import { notifyKind } from './notify.js';
import { playbookKind } from './playbook.js';
import { probeKinds } from './probe.js';
import type { StepServices } from './services.js';
import { waitKind } from './wait.js';

export const stepKinds = {
  ...probeKinds,
  wait: waitKind,
  confirm: confirmKind,
  playbook: playbookKind,
  notify: notifyKind,
} satisfies { [K in ActionKind]: StepKind<K> };

type AnyStepKind = StepKind<ActionKind>;

/** The names of the step kinds, in the registry's order (what the schema's step keys are). */
export const actionKinds = Object.keys(stepKinds) as ActionKind[];

/** The kind of an action. */
export function stepKind(action: PlanAction): AnyStepKind {
  return stepKinds[action.kind];
}

/** The kind of a step as written: the one kind key it has (undefined when none; the schema rules that out). */
export function kindOfStep(step: Step): ActionKind | undefined {
  return actionKinds.find((name) => step[name] !== undefined);
}

/** The action of a step: its kind key compiled by its kind (undefined when it has none). */
export function compileAction(step: Step, at: YamlPath, c: StepCompiler): PlanAction | Pending<PlanAction> | undefined {
  const name = kindOfStep(step);
  const spec = name === undefined ? undefined : step[name];
  if (name === undefined || spec === undefined) return undefined;
  return (stepKinds[name] as AnyStepKind).compile(spec, [...at, name], c);
}

export function runAction(action: PlanAction, ctx: ActionContext, services: StepServices): Promise<ActionResult> {
  return stepKind(action).run(action, ctx, services);
}

export type { ActionContext, ActionResult } from './context.js';
export type { StepServices } from './services.js';
