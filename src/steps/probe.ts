// One attempt of a probe (preconditions, postconditions, check, verify, wait, rollback): a command or a request.
import type { PlanProbeAction } from '../engine/plan.js';
import type { ActionContext, ActionResult } from './context.js';
import { runHttp } from './http.js';
import { runCommand } from './run.js';

export function runProbeAction(action: PlanProbeAction, ctx: ActionContext): Promise<ActionResult> {
  return action.kind === 'run' ? runCommand(action.command, ctx) : runHttp(action.request, ctx);
}

/** How a probe shows in events and messages (one implementation, shared with review output). */
export { describeProbeAction } from '../engine/probe-text.js';
