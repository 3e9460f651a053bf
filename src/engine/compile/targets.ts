// `targets:`, `serial:`, `max_fail:`, `on_max_fail:`, `order:` of a playbook, and each step's `on:` (where it runs).
import type { YamlPath } from '../loaded.js';
import type { Step } from '../playbook.gen.js';
import type { PlanTargets } from '../plan.js';
import { includesPlaybook, kindOfStep, staysLocal } from '../../steps/index.js';
import type { Compiler } from './compiler.js';
import { hookNames } from '../hook-names.js';

/** The rollout over the targets as the playbook writes it, or undefined without `targets:`. */
export function compileTargets(c: Compiler): PlanTargets | undefined {
  const pb = c.pb;
  if (pb.targets === undefined) return undefined;
  return {
    pattern: pb.targets,
    ...(pb.serial !== undefined ? { serial: pb.serial } : {}),
    maxFail: pb.max_fail ?? 0,
    onMaxFail: pb.on_max_fail ?? 'keep',
    order: pb.order ?? 'inventory',
  };
}

/**
 * Whether a step runs on every target host. With `targets:`, steps do unless they say `on: local`, or are of a
 * kind that stays on the ops host (gates, notifications, includes); `finally` and hook steps always run on the ops host.
 * `on: targets` without `targets:`, on an include, in `finally` or in a hook is an error.
 */
export function runsOnTargets(c: Compiler, step: Step, path: YamlPath): boolean {
  const kind = kindOfStep(step);
  const inFinally = path[0] === 'finally';
  // The hooks run on the ops host after the rollout, like `finally`: no host to run on, nor `{{host.*}}` to read.
  const hook = hookNames.find((name) => path[0] === name);
  if (step.on === 'targets') {
    if (c.pb.targets === undefined) c.error('step.on', c.t('step.onNoTargets', { id: step.id }), [...path, 'on'], c.t('step.onNoTargetsHint'));
    else if (kind !== undefined && includesPlaybook(kind)) c.error('step.on', c.t('step.onInclude', { id: step.id }), [...path, 'on'], c.t('step.onIncludeHint'));
    else if (inFinally) c.error('step.on', c.t('step.onFinally', { id: step.id }), [...path, 'on'], c.t('step.onFinallyHint'));
    else if (hook) c.error('step.on', c.t('step.onHook', { id: step.id, hook }), [...path, 'on'], c.t('step.onHookHint'));
    else return true;
    return false;
  }
  if (step.on === 'local' || c.pb.targets === undefined || inFinally || hook) return false;
  return kind === undefined || !staysLocal(kind);
}
