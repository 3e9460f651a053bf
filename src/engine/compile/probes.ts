// Probes — `preconditions:`, `postconditions:`, a step's `check:` and `verify:` — and what rollbacks share
// with them: an action (a kind of src/steps/probe.ts) with retries, delay, timeout, cwd, env and a name.
import type { YamlPath } from '../loaded.js';
import type { Duration, Probe, Rollback, Text } from '../playbook.gen.js';
import { planDefaults, type PlanProbe } from '../plan.js';
import { compileProbeAction } from '../../steps/probe.js';
import type { ProbeActionSpec } from '../../steps/compiler.js';
import type { Compiler } from './compiler.js';
import { compileEnv } from './env.js';
import { compileBecome } from './become.js';
import { stepCompiler } from './step-compiler.js';
import { NO_STEPS, template, textValue, type Scope } from './templates.js';

export function compileProbe(c: Compiler, spec: Probe, path: YamlPath, scope: Scope): PlanProbe {
  return probeLike(c, spec, path, scope, planDefaults.probeTimeoutMs);
}

/** A probe or a rollback: `timeoutMs` is its default time limit. */
export function probeLike(c: Compiler, spec: Probe | Rollback, path: YamlPath, scope: Scope, timeoutMs: number): PlanProbe {
  const location = c.pass.planLocation(c, path);
  if (typeof spec === 'string') return { action: compileProbeAction(spec, path, stepCompiler(c, scope)), retries: 0, delayMs: 1000, timeoutMs, env: [], location, ...(scope.become ? { become: scope.become } : {}) };
  const out: PlanProbe = {
    action: compileProbeAction(spec as ProbeActionSpec, path, stepCompiler(c, scope)),
    retries: (spec.retries as number | undefined) ?? 0,
    delayMs: c.duration(spec.delay as Duration | undefined, 1000, [...path, 'delay'], 'delay'),
    timeoutMs: c.duration(spec.timeout as Duration | undefined, timeoutMs, [...path, 'timeout'], 'timeout'),
    env: compileEnv(c, spec.env, [...path, 'env'], scope),
    location,
  };
  if (spec.name !== undefined) out.name = textValue(c, spec.name as Text, [...path, 'name'], scope);
  if (spec.cwd !== undefined) out.cwd = template(c, spec.cwd as string, 'text', [...path, 'cwd'], scope);
  const become = compileBecome(c, spec.become as string | undefined, [...path, 'become'], scope);
  if (become) out.become = become;
  return out;
}

/**
 * `preconditions:` (before any step: no step output to read) or `postconditions:` (after the steps),
 * each run in the playbook's `cwd` unless it names its own.
 */
export function compileConditions(c: Compiler, list: 'preconditions' | 'postconditions', afterSteps: number): PlanProbe[] {
  const steps = list === 'preconditions' ? NO_STEPS : c.before(afterSteps);
  return (c.pb[list] ?? []).map((p, i) => {
    const where = c.t(list === 'preconditions' ? 'where.precondition' : 'where.postcondition', { n: i + 1 });
    const probe = compileProbe(c, p, [list, i], { steps, sandbox: false, where, ...(c.defaultBecome ? { become: c.defaultBecome } : {}) });
    return probe.cwd || !c.defaultCwd ? probe : { ...probe, cwd: c.defaultCwd };
  });
}
