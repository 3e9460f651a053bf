// The hooks a playbook may declare (`on_success`, `on_failure`, `on_rollback_failed`) and which one a run's status calls.
import type { RunStatus } from './events.js';
import type { Playbook, Step } from './playbook.gen.js';

export const hookNames = ['on_success', 'on_failure', 'on_rollback_failed'] as const;
export type HookName = (typeof hookNames)[number];

/** The hook lists a playbook writes, in the order above (those it leaves out are absent). */
export function hookLists(playbook: Playbook): [HookName, Step[]][] {
  return hookNames.flatMap((name) => (playbook[name] ? [[name, playbook[name]] as [HookName, Step[]]] : []));
}

/**
 * The hook a finished run calls: `on_success` when it succeeded; `on_rollback_failed` when a rollback
 * failed (falling back to `on_failure` when the playbook has none); `on_failure` for every other end,
 * an interrupted run included (its status says `interrupted`).
 */
export function hookFor(status: RunStatus, has: (name: HookName) => boolean): HookName {
  if (status === 'ok') return 'on_success';
  if (status === 'rollback_failed' && has('on_rollback_failed')) return 'on_rollback_failed';
  return 'on_failure';
}

/** The fields `{{run.*}}` offers in `finally` and in hooks. */
export const runFields = ['status', 'id', 'playbook', 'failed_step', 'error', 'duration', 'journal', 'operator', 'host'] as const;
export type RunField = (typeof runFields)[number];
export type RunFacts = Record<RunField, string>;
