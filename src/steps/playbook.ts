// The `playbook` step type: runs an included playbook's compiled plan as a sub-run sharing the journal.
import type { PlanAction } from '../engine/plan.js';
import type { ActionContext, ActionResult } from './context.js';

type PlaybookAction = Extract<PlanAction, { kind: 'playbook' }>;

/** The engine runs the nested plan (preconditions, steps, rollback on failure, finally). */
export type RunNested = (action: PlaybookAction, ctx: ActionContext, stepId?: string) => Promise<ActionResult>;

export function runPlaybook(action: PlaybookAction, ctx: ActionContext, runNested: RunNested): Promise<ActionResult> {
  return runNested(action, ctx);
}
