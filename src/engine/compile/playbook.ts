// The playbook's own keys — name, title, risk, tags, lock, on_interrupt, cwd, env — and the order the
// rest is compiled in: parameters, env, cwd, preconditions, steps, postconditions, finally.
import type { CompiledPlan, PlanParam } from '../plan.js';
import { secretEnvName } from '../template.js';
import type { Compiler } from './compiler.js';
import { compileEnv } from './env.js';
import { compileConditions } from './probes.js';
import { compileBecome } from './become.js';
import { compileHooks, type DraftHooks } from './hooks.js';
import { compileSteps, type DraftStep } from './steps.js';
import { compileTargets } from './targets.js';
import { literal, NO_STEPS, template, type Scope } from './templates.js';

/** A plan before the includes pass: the actions of `playbook` steps still wait for their plans. */
export type DraftPlan = Omit<CompiledPlan, 'steps' | 'finally' | 'hooks'> & { steps: DraftStep[]; finally: DraftStep[]; hooks?: DraftHooks };

export function compileDraft(c: Compiler): DraftPlan {
  const pb = c.pb;
  const params = c.pass.params(c);
  const none: Scope = { steps: NO_STEPS, sandbox: false, where: 'env' };
  const env = compileEnv(c, pb.env, ['env'], none);
  env.push(...secretEnv(params));
  if (pb.cwd !== undefined) c.defaultCwd = template(c, pb.cwd, 'text', ['cwd'], { ...none, where: 'cwd' });
  c.defaultBecome = compileBecome(c, pb.become, ['become'], { ...none, where: c.t('where.playbook') });
  const preconditions = compileConditions(c, 'preconditions', 0);
  const steps = compileSteps(c, pb.steps, ['steps'], 0);
  const postconditions = compileConditions(c, 'postconditions', pb.steps.length);
  const finallySteps = compileSteps(c, pb.finally ?? [], ['finally'], pb.steps.length, { run: true });
  const hooks = compileHooks(c);
  const targets = compileTargets(c);
  return {
    formatVersion: 1,
    playbook: header(c),
    params,
    env,
    preconditions,
    steps,
    postconditions,
    finally: finallySteps,
    ...(hooks ? { hooks } : {}),
    warnings: c.warnings,
    sandbox: c.options.sandbox !== undefined,
    ...(targets ? { targets } : {}),
  };
}

/** Secret parameters reach commands as RUNBOOK_SECRET_<NAME>, never as text in a command. */
function secretEnv(params: readonly PlanParam[]) {
  return params.filter((p) => p.secret && p.value !== undefined).map((p) => ({ name: secretEnvName(p.name), value: literal(String(p.value)), secret: true }));
}

function header(c: Compiler): CompiledPlan['playbook'] {
  const pb = c.pb;
  const playbook: CompiledPlan['playbook'] = {
    name: pb.name,
    // `title` is optional: the name stands in for it everywhere a plan is shown.
    title: pb.title ?? pb.name,
    risk: pb.risk ?? 'medium',
    tags: [...(pb.tags ?? [])],
    file: c.loaded.file,
    lock: pb.lock ?? pb.name,
    onInterrupt: pb.on_interrupt ?? 'rollback',
  };
  if (pb.description !== undefined) playbook.description = pb.description;
  if (c.defaultCwd) playbook.cwd = c.defaultCwd.text;
  if (c.defaultBecome) playbook.become = c.defaultBecome;
  return playbook;
}
