// Hand-built CompiledPlan pieces for tests (stand-ins for compilePlaybook output, per src/engine/plan.ts).
import type { CompiledPlan, PlanEnv, PlanParam, PlanProbe, PlanRollback, PlanStep, Rendered } from '../../src/engine/plan.js';

/** A template rendered at compile time: `text` is final. */
export function rendered(text: string, kind: Rendered['kind'] = 'shell', raw: string[] = []): Rendered {
  return { text, source: text, kind, deferred: false, raw };
}

/** A template rendered at run time (reads `{{steps.x.*}}`). */
export function deferred(source: string, kind: Rendered['kind'] = 'shell'): Rendered {
  return { text: source, source, kind, deferred: true, raw: [] };
}

/** A probe running `command`; timeout 60 s, the compiler's default for probes. */
export function probe(command: string, extra: Partial<PlanProbe> = {}): PlanProbe {
  return { action: { kind: 'run', command: rendered(command) }, retries: 0, delayMs: 0, timeoutMs: 60_000, env: [], ...extra };
}

/** A rollback running `command`: a probe that may carry its own verify. */
export function rollback(command: string, extra: Partial<PlanRollback> = {}): PlanRollback {
  return { ...probe(command), ...extra };
}

export function env(name: string, value: string, secret = false): PlanEnv {
  return { name, value: rendered(value, 'text'), secret };
}

export function param(name: string, value: PlanParam['value'], extra: Partial<PlanParam> = {}): PlanParam {
  return { name, type: 'string', value, secret: false, source: 'default', ...extra };
}

/** A `run` step; timeout 10 min, the compiler's default for steps. */
export function runStep(id: string, command: string | Rendered, extra: Partial<PlanStep> = {}): PlanStep {
  return {
    id,
    action: { kind: 'run', command: typeof command === 'string' ? rendered(command) : command },
    timeoutMs: 600_000,
    retries: 0,
    delayMs: 0,
    backoff: 2,
    continueOnError: false,
    env: [],
    parse: 'text',
    ...extra,
  };
}

export function confirmStep(id: string, message: string): PlanStep {
  return { ...runStep(id, ''), action: { kind: 'confirm', message } };
}

/** Fields of a plan to set; `playbook` is merged field by field. */
export type PlanOverrides = Partial<Omit<CompiledPlan, 'playbook'>> & { playbook?: Partial<CompiledPlan['playbook']> };

/** A whole plan: empty sections and a low-risk `test-playbook`, overridden by `extra` (its playbook field by field). */
export function plan(extra: PlanOverrides = {}): CompiledPlan {
  const { playbook, ...rest } = extra;
  return {
    formatVersion: 1,
    playbook: { name: 'test-playbook', title: 'Test playbook', risk: 'low', tags: [], file: 'test.yaml', lock: 'test-playbook', onInterrupt: 'rollback', ...playbook },
    params: [],
    env: [],
    preconditions: [],
    steps: [],
    postconditions: [],
    finally: [],
    warnings: [],
    sandbox: false,
    ...rest,
  };
}
