// How a probe (or rollback) action shows as one line in events, messages, diffs and plans: its command or `GET <url>`.
import type { PlanProbeAction } from './plan.js';

/** The command text, or `METHOD url` for a request. */
export function describeProbeAction(action: PlanProbeAction): string {
  return action.kind === 'run' ? action.command.text : `${action.request.method} ${action.request.url.text}`;
}
