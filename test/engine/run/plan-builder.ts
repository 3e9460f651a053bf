// The shared plan builders with short timeouts (10 s) for engine tests, and a reporter that keeps every event.
import type { CompiledPlan, PlanProbe, PlanRollback, PlanStep, Rendered } from '../../../src/engine/plan.js';
import type { Reporter, RunEvent } from '../../../src/engine/events.js';
import * as shared from '../../helpers/plan-builder.js';

export { deferred, env, rendered } from '../../helpers/plan-builder.js';

/** Engine tests wait on real processes: a hung step fails the test in 10 s, not in the compiler's minutes. */
const timeoutMs = 10_000;

export const probe = (command: string, extra: Partial<PlanProbe> = {}): PlanProbe => shared.probe(command, { timeoutMs, ...extra });

export const rollback = (command: string, extra: Partial<PlanRollback> = {}): PlanRollback => shared.rollback(command, { timeoutMs, ...extra });

export const step = (id: string, command: string | Rendered, extra: Partial<PlanStep> = {}): PlanStep => shared.runStep(id, command, { timeoutMs, ...extra });

export function plan(steps: PlanStep[], extra: Partial<CompiledPlan> = {}, playbook: Partial<CompiledPlan['playbook']> = {}): CompiledPlan {
  return { ...shared.plan({ steps, playbook }), ...extra };
}

/** A reporter that keeps every event. */
export function collector(): Reporter & { events: RunEvent[]; of<T extends RunEvent['type']>(type: T): Extract<RunEvent, { type: T }>[] } {
  const events: RunEvent[] = [];
  return {
    events,
    onEvent: (event) => events.push(event),
    of: <T extends RunEvent['type']>(type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type),
  };
}
