// One attempt of a probe (preconditions, postconditions, check, verify, wait, rollback): a command or a request.
import type { PlanProbeAction } from '../engine/plan.js';
import type { ActionContext, ActionResult } from './context.js';
import { runHttp } from './http.js';
import { runCommand } from './run.js';

export function runProbeAction(action: PlanProbeAction, ctx: ActionContext): Promise<ActionResult> {
  return action.kind === 'run' ? runCommand(ctx.render(action.command), ctx) : runHttp(action.request, ctx);
}

/** How a probe shows in events and messages: its rendered command or `GET <url>`. */
export function describeProbeAction(action: PlanProbeAction): string {
  return action.kind === 'run' ? action.command.text : `${action.request.method} ${action.request.url.text}`;
}
