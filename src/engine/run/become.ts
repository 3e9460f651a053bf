// `become` before the run: every user a command of the plan runs as is checked (and resolved) before anything
// runs; a refusal ends the run as a failed precondition would, naming the step and the user.
import { hookSteps, type CompiledPlan, type PlanProbe } from '../plan.js';
import { stepKind } from '../../steps/index.js';
import { BecomeRefused, becomeVia, resolveBecome, type BecomeTarget } from '../../process/become.js';
import { shellPath } from '../../process/shell.js';
import type { RunState } from './state.js';

/** Where a `become` is asked for: a step (full id), or a pre/postcondition (its number). */
export type BecomeSite = { step: string } | { precondition: number } | { postcondition: number };

/** Each user the plan's commands run as, with the first place that asks for it. */
export function becomeUsers(plan: CompiledPlan, prefix = '', out = new Map<string, BecomeSite>()): Map<string, BecomeSite> {
  const add = (user: string | undefined, site: BecomeSite) => {
    if (user !== undefined && !out.has(user)) out.set(user, site);
  };
  plan.preconditions.forEach((p, i) => add(p.become, { precondition: i + 1 }));
  for (const step of [...plan.steps, ...plan.finally, ...hookSteps(plan)]) {
    // A step the selection leaves out runs nothing: its user is not asked for (`--skip chown` needs no root).
    if (step.deselected) continue;
    const site = { step: `${prefix}${step.id}` };
    add(step.become, site);
    const probes: (PlanProbe | undefined)[] = [step.check, step.verify, step.rollback, step.rollback?.verify];
    for (const probe of probes) add(probe?.become, site);
    const included = stepKind(step.action).included?.(step.action);
    if (included) becomeUsers(included.plan, `${prefix}${step.id}.`, out);
  }
  plan.postconditions.forEach((p, i) => add(p.become, { postcondition: i + 1 }));
  return out;
}

/**
 * Resolves every `become` user into the run state; returns the reason the run cannot start when one is
 * refused. In the sandbox `become` is ignored: commands run as runbook does.
 */
export function prepareBecome(state: RunState, plan: CompiledPlan): string | undefined {
  if (plan.sandbox) return undefined;
  const env = state.options.env ?? process.env;
  const shell = shellPath(state.options.extraEnv?.PATH ?? state.base.PATH);
  for (const [user, site] of becomeUsers(plan)) {
    let target: BecomeTarget;
    try {
      target = resolveBecome(user, shell, env);
    } catch (error) {
      const detail = error instanceof BecomeRefused ? describeRefusal(error, state) : String(error);
      const where = 'step' in site ? state.t('become.siteStep', { id: site.step }) : 'precondition' in site ? state.t('become.sitePre', { n: site.precondition }) : state.t('become.sitePost', { n: site.postcondition });
      const hint = becomeVia(env) === 'sudo' ? state.t('become.refusedHint', { user }) : state.t('become.noUserHint', { user });
      return state.redactor.redact(state.t('become.refusedThen', { refused: state.t('become.refused', { site: where, user, detail }), hint }));
    }
    state.becomeTargets.set(user, target);
  }
  return undefined;
}

/** Why the user cannot be become, in the run's language; what sudo or getent said stays in their words. */
function describeRefusal(error: BecomeRefused, state: RunState): string {
  const { why } = error;
  if (why.key === 'tool') return why.out;
  if (why.key === 'notUserName') return state.t('become.notUserName', { user: JSON.stringify(error.user) });
  if (why.key === 'notInstalled') return state.t('become.notInstalled', { file: why.file });
  return state.t('become.noUser');
}
