// `on_success`, `on_failure`, `on_rollback_failed`: steps compiled like `finally` ones, reading `{{run.*}}`,
// the outputs of every step and `finally` step, and those of the earlier steps of the same hook.
import { hookLists } from '../hook-names.js';
import type { PlanHooks } from '../plan.js';
import type { Compiler } from './compiler.js';
import { compileSteps, type DraftStep } from './steps.js';

/** The hooks a draft plan holds: steps of the same shape as `finally` ones. */
export type DraftHooks = { [K in keyof PlanHooks]: DraftStep[] };

/** The playbook's hooks, or undefined when it declares none (plans without hooks stay as they were). */
export function compileHooks(c: Compiler): DraftHooks | undefined {
  const lists = hookLists(c.pb);
  if (lists.length === 0) return undefined;
  const main = c.pb.steps.length + (c.pb.finally?.length ?? 0);
  const hooks: DraftHooks = {};
  for (const [name, steps] of lists) {
    const own = steps.map((s) => s.id);
    const visible = (index: number) => {
      const before = c.before(main);
      return { has: (id: string) => before.has(id) || own.slice(0, index).includes(id) };
    };
    hooks[name] = compileSteps(c, steps, [name], 0, { run: true, visible });
  }
  return hooks;
}
