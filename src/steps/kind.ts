// What a step kind is: everything runbook asks of a kind of action — compiling its key, running it,
// describing it — in one module per kind (run.ts, http.ts, …), registered in index.ts.
import type { YamlPath } from '../engine/loaded.js';
import type { Step } from '../engine/playbook.gen.js';
import type { CompiledPlan, PlanAction, PlanProbeAction } from '../engine/plan.js';
import type { StepCompiler, Pending } from './compiler.js';
import type { ActionContext, ActionResult } from './context.js';
import type { StepServices } from './services.js';

export type ActionKind = PlanAction['kind'];
export type ActionOf<K extends ActionKind> = Extract<PlanAction, { kind: K }>;
export type ProbeKindName = PlanProbeAction['kind'];
export type ProbeActionOf<K extends ProbeKindName> = Extract<PlanProbeAction, { kind: K }>;
/** A step's key for this kind as the schema types it (`run: …`, `http: {…}`). */
export type SpecOf<K extends ActionKind> = NonNullable<Step[K]>;

export interface StepKind<K extends ActionKind> {
  /** The step's key (`at` is its path) into the plan's action; an include waits for the includes pass. */
  compile(spec: SpecOf<K>, at: YamlPath, c: StepCompiler): ActionOf<K> | Pending<ActionOf<K>>;
  /** One attempt of the action (the engine retries, times and reports it). */
  run(action: ActionOf<K>, ctx: ActionContext, services: StepServices): Promise<ActionResult>;
  /** It prints what `parse: json` reads into `{{steps.<id>.json}}`. */
  readonly output: boolean;
  /** The playbook it includes (only `playbook` steps have one): plans walk into it. */
  included?(action: ActionOf<K>): { path: string; plan: CompiledPlan };
}

/** A kind a probe (check, verify, precondition, rollback, wait) may also use. */
export interface ProbeKind<K extends ProbeKindName> {
  compile(spec: NonNullable<SpecOf<K>>, at: YamlPath, c: StepCompiler): ProbeActionOf<K>;
  run(action: ProbeActionOf<K>, ctx: ActionContext): Promise<ActionResult>;
}
