// What the engine provides to step kinds that need more than a process or a request: gates and includes.
import type { GateAnswer } from './confirm.js';
import type { ActionContext, ActionResult } from './context.js';
import type { ActionOf } from './kind.js';

export interface StepServices {
  /** Asks (or answers by --yes, or refuses without a terminal) a confirmation gate. */
  gate(action: ActionOf<'confirm'>, ctx: ActionContext, stepId?: string): Promise<GateAnswer>;
  /** Runs an included playbook's plan (preconditions, steps, rollback on failure, finally) as a sub-run. */
  runNested(action: ActionOf<'playbook'>, ctx: ActionContext, stepId?: string): Promise<ActionResult>;
}
