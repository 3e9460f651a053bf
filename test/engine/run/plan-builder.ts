// Builds CompiledPlan objects by hand for engine tests (no YAML, no compiler).
import type { CompiledPlan, PlanEnv, PlanProbe, PlanRollback, PlanStep, Rendered } from '../../../src/engine/plan.js';
import type { Reporter, RunEvent } from '../../../src/engine/events.js';

/** A final (compile-time) template. */
export const text = (value: string, kind: Rendered['kind'] = 'shell'): Rendered => ({ text: value, source: value, kind, deferred: false, raw: [] });

/** A template rendered at run time (reads `{{steps.x.*}}`). */
export const deferred = (source: string, kind: Rendered['kind'] = 'shell'): Rendered => ({ text: source, source, kind, deferred: true, raw: [] });

export const probe = (command: string, extra: Partial<PlanProbe> = {}): PlanProbe => ({
  action: { kind: 'run', command: text(command) },
  retries: 0,
  delayMs: 0,
  timeoutMs: 10_000,
  env: [],
  ...extra,
});

export const rollback = (command: string, extra: Partial<PlanRollback> = {}): PlanRollback => ({
  action: { kind: 'run', command: text(command) },
  retries: 0,
  delayMs: 0,
  timeoutMs: 10_000,
  env: [],
  ...extra,
});

export const env = (name: string, value: string, secret = false): PlanEnv => ({ name, value: text(value, 'text'), secret });

export function step(id: string, command: string | Rendered, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id,
    action: { kind: 'run', command: typeof command === 'string' ? text(command) : command },
    timeoutMs: 10_000,
    retries: 0,
    delayMs: 0,
    backoff: 2,
    continueOnError: false,
    env: [],
    parse: 'text',
    ...extra,
  };
}

export function plan(steps: PlanStep[], extra: Partial<CompiledPlan> = {}, playbook: Partial<CompiledPlan['playbook']> = {}): CompiledPlan {
  return {
    formatVersion: 1,
    playbook: { name: 'test-playbook', title: 'Test playbook', risk: 'low', tags: [], file: 'test.yaml', lock: 'test-playbook', onInterrupt: 'rollback', ...playbook },
    params: [],
    env: [],
    preconditions: [],
    steps,
    postconditions: [],
    finally: [],
    warnings: [],
    sandbox: false,
    ...extra,
  };
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
