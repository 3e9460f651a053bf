// The step kinds, registered in one record: the only list of them. Everything else asks this registry
// (or loops over it); a kind missing a part is a type error here.
import type { YamlPath } from '../engine/loaded.js';
import type { Step } from '../engine/playbook.gen.js';
import type { Pending, StepCompiler } from './compiler.js';
import { confirmKind, type ConfirmAction } from './confirm.js';
import type { ActionContext, ActionResult } from './context.js';
import type { Catalog } from '../i18n/index.js';
import type { ActionKind, AddTemplate, StepKind } from './kind.js';
import { networkMessages } from './network-error.js';
import { notifyKind, type NotifyAction } from './notify.js';
import { playbookKind, type PlaybookAction } from './playbook.js';
import { probeKinds, type PlanProbeAction } from './probe.js';
import type { StepServices } from './services.js';
import { waitKind, type WaitAction } from './wait.js';

/** What a step does: the action of one of the kinds. */
export type PlanAction = PlanProbeAction | WaitAction | ConfirmAction | PlaybookAction | NotifyAction;

export const stepKinds = {
  // run and http (the kinds probes may use too), then the kinds only steps have.
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

/** Whether the kind named in an event (`step.started`'s `kind`) is a human gate; false for a name no kind has. */
export function isGate(name: string): boolean {
  return Object.hasOwn(stepKinds, name) && stepKinds[name as ActionKind].gate;
}

/** Whether actions of the named kind include another playbook (its plan is the included one's, not this one's). */
export function includesPlaybook(name: string): boolean {
  return Object.hasOwn(stepKinds, name) && (stepKinds[name as ActionKind] as AnyStepKind).included !== undefined;
}

/** Whether steps of the named kind stay on the ops host unless they say `on: targets` (gates, notifications, includes). */
export function staysLocal(name: string): boolean {
  return Object.hasOwn(stepKinds, name) && (stepKinds[name as ActionKind] as AnyStepKind).local === true;
}

/** Whether every action of the kind named in an event changes nothing outside; false for a name no kind has. */
export function isReadOnlyKind(name: string): boolean {
  return Object.hasOwn(stepKinds, name) && (stepKinds[name as ActionKind] as AnyStepKind).readOnly();
}

/** Every message catalog of the steps layer, by name: each kind's, and the network failures http and notify share. */
export function stepCatalogs(): Record<string, Catalog<string>> {
  return { ...Object.fromEntries(actionKinds.map((name) => [`steps.${name}`, (stepKinds[name] as AnyStepKind).messages])), 'steps.network': networkMessages };
}

/** The words of the format in a plan's fields (`kind: run`, `method: GET`): every kind's, by field. */
export function kindVocabulary(): Record<string, string[]> {
  const words: Record<string, string[]> = { kind: [...actionKinds] };
  for (const name of actionKinds) {
    const vocabulary: Readonly<Record<string, readonly string[]>> = (stepKinds[name] as AnyStepKind).vocabulary ?? {};
    for (const [field, list] of Object.entries(vocabulary)) words[field] = [...(words[field] ?? []), ...list];
  }
  return words;
}

/** The templates of a step's action as written (`at` is the step's path), for lint. */
export function actionSites(step: Step, at: YamlPath, add: AddTemplate): void {
  const name = kindOfStep(step);
  const spec = name === undefined ? undefined : step[name];
  if (name !== undefined && spec !== undefined) (stepKinds[name] as AnyStepKind).sites(spec, [...at, name], add);
}

/** Whether a step as written is a human gate. */
export function isGateStep(step: Step): boolean {
  const name = kindOfStep(step);
  return name !== undefined && stepKinds[name].gate;
}

export function runAction(action: PlanAction, ctx: ActionContext, services: StepServices): Promise<ActionResult> {
  return stepKind(action).run(action, ctx, services);
}

export type { ActionContext, ActionResult } from './context.js';
export type { StepServices } from './services.js';
