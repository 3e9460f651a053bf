// A step's `rollback:`: how to undo it once it completed — a probe-like action with its own `verify`.
import type { YamlPath } from '../loaded.js';
import type { Probe, Rollback } from '../playbook.gen.js';
import { planDefaults, type PlanRollback } from '../plan.js';
import type { Compiler } from './compiler.js';
import { compileProbe, probeLike } from './probes.js';
import type { Scope } from './templates.js';

export function compileRollback(c: Compiler, spec: Rollback, path: YamlPath, scope: Scope): PlanRollback {
  const rollback: PlanRollback = probeLike(c, spec, path, scope, planDefaults.stepTimeoutMs);
  if (typeof spec !== 'string' && spec.verify !== undefined) rollback.verify = compileProbe(c, spec.verify as Probe, [...path, 'verify'], scope);
  return rollback;
}
