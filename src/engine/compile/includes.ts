// The includes pass: after a playbook is compiled, the playbooks its `playbook` steps include are loaded
// and compiled (each file loaded once), and their plans complete the waiting actions. The top-level compile
// checks the whole include graph first (include-graph.ts: cycles, depth, steps brought in); the steps
// compiled are also counted as they are, so that no graph makes a compile expand without bound.
import { dirname, resolve } from 'node:path';
import type { LoadedPlaybook } from '../loaded.js';
import type { CompiledPlan, PlanAction, PlanStep } from '../plan.js';
import { InvalidPlaybookError } from '../errors.js';
import { checkIncludeGraph, MAX_INCLUDE_DEPTH, MAX_INCLUDED_STEPS } from '../include-graph.js';
import { isPending, type Pending } from '../../steps/compiler.js';
import type { CompilePlaybook, Compiler } from './compiler.js';
import type { DraftPlan } from './playbook.js';
import type { DraftStep } from './steps.js';

export type IncludedPlans = ReadonlyMap<Pending<PlanAction>, CompiledPlan>;

/** The actions of a draft that wait for an included plan, in the order they are written. */
export function pendingIncludes(draft: DraftPlan): Pending<PlanAction>[] {
  return [...draft.steps, ...draft.finally].flatMap((s) => (isPending(s.action) ? [s.action] : []));
}

/** Compiles the included playbooks; a problem becomes a diagnostic of `c` (the plan of that include is then missing). */
export async function compileIncludes(c: Compiler, pending: readonly Pending<PlanAction>[], compile: CompilePlaybook, load: (absolutePath: string) => Promise<LoadedPlaybook>): Promise<IncludedPlans> {
  const plans = new Map<Pending<PlanAction>, CompiledPlan>();
  if (pending.length === 0) return plans;
  const { loaded, options } = c;
  const stack = [...(options.includeStack ?? []), loaded.absolutePath];
  const cache = options.includeCache ?? new Map<string, Promise<LoadedPlaybook>>();
  const budget = options.includeBudget ?? { steps: 0 };
  const loadOnce = onceEach(cache, load);
  if (options.includeStack === undefined) {
    const read = async (absolute: string) => (await loadOnce(absolute)).playbook;
    const graph = await checkIncludeGraph({ file: loaded.file, absolutePath: loaded.absolutePath, playbook: loaded.playbook, locate: loaded.locate, read, lang: c.lang });
    c.diagnostics.push(...graph);
    if (graph.some((d) => d.code === 'include.too-many')) return plans;
  }
  for (const action of pending) {
    const { include } = action;
    const absolute = resolve(dirname(loaded.absolutePath), include.path);
    if (stack.includes(absolute)) {
      c.error('include.cycle', c.t('include.cycle', { chain: [...stack, absolute].map((p) => p.split('/').pop()).join(' → ') }), include.at);
      continue;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      c.error('include.depth', c.t('include.depth', { max: MAX_INCLUDE_DEPTH }), include.at, c.t('include.depthHint'));
      continue;
    }
    try {
      const nested = await loadOnce(absolute);
      budget.steps += nested.playbook.steps.length + (nested.playbook.finally?.length ?? 0);
      if (budget.steps > MAX_INCLUDED_STEPS) {
        c.error('include.too-many', c.t('include.tooMany', { max: MAX_INCLUDED_STEPS }), include.at, c.t('include.tooManyHint'));
        return plans;
      }
      plans.set(action, await compile(nested, { ...options, params: include.params, secretParams: include.secret, includeStack: stack, includeCache: cache, includeBudget: budget }));
    } catch (error) {
      if (error instanceof InvalidPlaybookError) c.diagnostics.push(...error.diagnostics);
      else c.error('include.load', c.t('include.load', { path: include.path, error: error instanceof Error ? error.message : String(error) }), include.at);
    }
  }
  return plans;
}

/** Loads each included playbook once per top-level compile (and its nested ones). */
function onceEach(cache: Map<string, Promise<LoadedPlaybook>>, load: (absolute: string) => Promise<LoadedPlaybook>): (absolute: string) => Promise<LoadedPlaybook> {
  return (absolute) => {
    let loading = cache.get(absolute);
    if (!loading) {
      loading = load(absolute);
      // Awaited later (or never, when the graph check stops first): not an unhandled rejection meanwhile.
      loading.catch(() => {});
      cache.set(absolute, loading);
    }
    return loading;
  };
}

/** The plan, each include's action completed with its compiled plan (called only when every include compiled). */
export function completePlan(draft: DraftPlan, plans: IncludedPlans): CompiledPlan {
  const complete = (step: DraftStep): PlanStep => {
    if (isComplete(step)) return step;
    if (!isPending(step.action)) return { ...step, action: step.action };
    const plan = plans.get(step.action);
    if (!plan) throw new Error(`bug: the include of ${step.action.include.path} was not compiled`);
    return { ...step, action: step.action.complete(plan) };
  };
  const { hooks, ...rest } = draft;
  const plan: CompiledPlan = { ...rest, steps: draft.steps.map(complete), finally: draft.finally.map(complete) };
  if (hooks) plan.hooks = Object.fromEntries(Object.entries(hooks).map(([name, steps]) => [name, steps.map(complete)]));
  return plan;
}

function isComplete(step: DraftStep): step is PlanStep {
  return !isPending(step.action);
}
