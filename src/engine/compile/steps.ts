// `steps:` and `finally:`: each step's common keys (when, timeout, retries, env, cwd, check, verify,
// rollback) here, its action by the kind that owns its key (src/steps/).
import type { YamlPath } from '../loaded.js';
import type { Step } from '../playbook.gen.js';
import { planDefaults, type PlanAction, type PlanStep } from '../plan.js';
import type { Pending } from '../../steps/compiler.js';
import { actionKinds, compileAction, kindOfStep, stepKinds } from '../../steps/index.js';
import { emptyAction } from '../../steps/probe.js';
import type { Compiler } from './compiler.js';
import { compileEnv } from './env.js';
import { compileProbe } from './probes.js';
import { compileBecome } from './become.js';
import { compileRollback } from './rollback.js';
import { stepCompiler } from './step-compiler.js';
import { runsOnTargets } from './targets.js';
import { compileLoop } from './for-each.js';
import { template, textValue, type ItemScope, type Scope, type VisibleSteps } from './templates.js';

/** A step before the includes pass: an include's action is still waiting for its plan. */
export type DraftStep = Omit<PlanStep, 'action'> & { action: PlanAction | Pending<PlanAction> };

/** Which step outputs a step at a place in its list reads: those before it (counting `steps`, then `finally`), or as the hooks say. */
export type VisibleBefore = (index: number) => VisibleSteps;

/**
 * `steps` (offset 0) or `finally` (offset: the number of steps): the steps before each are those with a
 * lower index. `run`: the list may read `{{run.*}}` (`finally`, hooks); `visible` replaces the order's rule (hooks).
 * A step with `for_each` whose list is known becomes one step per item (compile/for-each.ts).
 */
export function compileSteps(c: Compiler, list: readonly Step[], base: YamlPath, offset: number, options: { run?: boolean; visible?: VisibleBefore } = {}): DraftStep[] {
  const visible = options.visible ?? ((index: number) => c.before(offset + index));
  return list.flatMap((s, i) =>
    compileLoop(c, s, [...base, i], offset + i, (item) => compileStep(c, s, [...base, i], { visible: (index) => visible(index - offset), index: offset + i, run: options.run === true, item }), visible(i)),
  );
}

interface StepPlace {
  visible: VisibleBefore;
  index: number;
  /** `{{run.*}}` is readable (`finally`, hooks). */
  run: boolean;
  /** An iteration of a `for_each` step. */
  item: ItemScope | undefined;
}

function compileStep(c: Compiler, step: Step, path: YamlPath, place: StepPlace): DraftStep {
  const { visible, index, run, item } = place;
  const where = (field: string) => c.t('where.step', { id: step.id, field });
  const host = runsOnTargets(c, step, path);
  if (host) c.targetSteps.add(step.id);
  const looped = item ? { item } : {};
  const inherited: Scope = { steps: visible(index), sandbox: false, where: where('run'), host, ...looped, ...(c.defaultBecome ? { become: c.defaultBecome } : {}) };
  const become = compileBecome(c, step.become, [...path, 'become'], inherited);
  // The remote transport runs commands as the inventory's user: a `become` there would be silently ignored, so it is refused.
  if (host && become) c.error('step.become-remote', c.t('step.becomeRemote', { id: step.id, user: become }), [...path, step.become !== undefined ? 'become' : 'id'], c.t('step.becomeRemoteHint'));
  const common = { ...(run ? { run } : {}), ...(become ? { become } : {}) };
  const pre: Scope = { steps: visible(index), sandbox: false, where: where('run'), host, ...common, ...looped };
  // verify and rollback also read the step's own outputs.
  const withSelf: Scope = { ...pre, steps: visible(index + 1), where: where('verify') };
  const out: DraftStep = {
    id: step.id,
    action: action(c, step, path, pre),
    timeoutMs: c.duration(step.timeout, planDefaults.stepTimeoutMs, [...path, 'timeout'], 'timeout'),
    retries: step.retries ?? 0,
    delayMs: c.duration(step.delay, 1000, [...path, 'delay'], 'delay'),
    backoff: step.backoff ?? planDefaults.backoff,
    continueOnError: step.continue_on_error === true,
    env: compileEnv(c, step.env, [...path, 'env'], { ...pre, where: where('env') }),
    parse: step.parse ?? 'text',
    location: c.pass.planLocation(c, path),
    ...(host ? { on: 'targets' as const } : {}),
    ...(become ? { become } : {}),
  };
  if (step.name !== undefined) out.name = textValue(c, step.name, [...path, 'name'], { ...pre, where: where('name') });
  if (step.description !== undefined) out.description = step.description;
  if (step.tags !== undefined && step.tags.length > 0) out.tags = [...step.tags];
  if (step.when !== undefined) out.when = template(c, step.when, 'text', [...path, 'when'], { ...pre, where: where('when') });
  if (step.check !== undefined) out.check = compileProbe(c, step.check, [...path, 'check'], { ...pre, where: where('check') });
  if (step.verify !== undefined) out.verify = compileProbe(c, step.verify, [...path, 'verify'], withSelf);
  if (step.rollback !== undefined) out.rollback = compileRollback(c, step.rollback, [...path, 'rollback'], { ...withSelf, where: where('rollback') });
  if (step.cwd !== undefined) out.cwd = template(c, step.cwd, 'text', [...path, 'cwd'], { ...pre, where: where('cwd') });
  else if (c.defaultCwd) out.cwd = c.defaultCwd;
  if (step.parse === 'json' && !parsesOutput(step)) {
    const kinds = actionKinds.filter((k) => stepKinds[k].output).join(c.t('list.or'));
    c.error('step.parse', c.t('step.parse', { id: step.id, kinds }), [...path, 'parse']);
  }
  return out;
}

function action(c: Compiler, step: Step, path: YamlPath, scope: Scope): PlanAction | Pending<PlanAction> {
  const compiled = compileAction(step, path, stepCompiler(c, scope));
  if (compiled) return compiled;
  c.error('step.no-action', c.t('step.noAction', { id: step.id }), path, c.t('step.noActionHint', { kinds: actionKinds.join(c.t('list.comma')) }));
  return emptyAction();
}

/** Whether the step's kind prints something `parse: json` can read. */
function parsesOutput(step: Step): boolean {
  const kind = kindOfStep(step);
  return kind !== undefined && stepKinds[kind].output;
}
