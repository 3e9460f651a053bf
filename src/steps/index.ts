// The step types, registered in one record: how each kind of action runs one attempt.
import type { PlanAction } from '../engine/plan.js';
import { gateResult, type GateAnswer } from './confirm.js';
import type { ActionContext, ActionResult } from './context.js';
import { runHttp } from './http.js';
import { runNotify } from './notify.js';
import { runPlaybook, type RunNested } from './playbook.js';
import { runCommand } from './run.js';
import { runWait } from './wait.js';

/** What the engine provides to step types that need more than a process or a request. */
export interface StepServices {
  /** Asks (or answers by --yes, or refuses without a terminal) a confirmation gate. */
  gate(action: Extract<PlanAction, { kind: 'confirm' }>, ctx: ActionContext, stepId?: string): Promise<GateAnswer>;
  runNested: RunNested;
}

type Executor<K extends PlanAction['kind']> = (action: Extract<PlanAction, { kind: K }>, ctx: ActionContext, services: StepServices) => Promise<ActionResult>;

export const stepTypes: { [K in PlanAction['kind']]: Executor<K> } = {
  run: (action, ctx) => runCommand(action.command, ctx),
  http: (action, ctx) => runHttp(action.request, ctx),
  wait: (action, ctx) => runWait(action, ctx),
  confirm: async (action, ctx, services) => gateResult(await services.gate(action, ctx), ctx.t),
  playbook: (action, ctx, services) => runPlaybook(action, ctx, services.runNested),
  notify: (action, ctx) => runNotify(action, ctx),
};

export function runAction(action: PlanAction, ctx: ActionContext, services: StepServices): Promise<ActionResult> {
  const executor = stepTypes[action.kind] as Executor<PlanAction['kind']>;
  return executor(action, ctx, services);
}

export type { ActionContext, ActionResult } from './context.js';
