// Compile: a loaded playbook + parameter values → a frozen CompiledPlan, every template rendered once.
//
// `plan` and `play` share this path, so what a reviewer saw is what runs. Templates that read step
// outputs (`{{steps.<id>.stdout}}`) are checked here and rendered at run time by `renderDeferred`.
// One file per key of the playbook under compile/ (parameters, templates, env, probes, steps, rollback,
// includes); `validate`'s check is a pass of its own (compile/check.ts).
import type { LoadedPlaybook } from './loaded.js';
import { hookSteps, type CompiledPlan, type PlanEnv, type PlanProbe, type PlanStep } from './plan.js';
import { InvalidPlaybookError, type Diagnostic } from './errors.js';
import { deepFreeze } from './read-playbook.js';
import type { Lang } from './text.js';
import { detectLang } from '../i18n/index.js';
import { stepKind } from '../steps/index.js';
import { checkPass } from './compile/check.js';
import { Compiler, type CompileOptions } from './compile/compiler.js';
import { compileIncludes, completePlan, pendingIncludes } from './compile/includes.js';
import { compilePass } from './compile/pass.js';
import { compileDraft } from './compile/playbook.js';

export type { StepOutputs } from './template-render.js';
export type { CompileOptions } from './compile/compiler.js';
export { templateIssueText } from './compile/template-issues.js';

/**
 * Compiles a loaded playbook with parameter values into a frozen plan, its includes compiled in a second
 * pass. Every problem of the templates and parameters is collected; if there is any, throws
 * InvalidPlaybookError (exit 2).
 */
export async function compilePlaybook(loaded: LoadedPlaybook, options: CompileOptions = {}): Promise<CompiledPlan> {
  const { compileTemplate } = await import('./template-render.js');
  const c = new Compiler(loaded, options, compilePass(compileTemplate));
  const draft = compileDraft(c);
  const load = options.loadInclude ?? ((absolutePath: string) => defaultLoadInclude(absolutePath, options.lang));
  const plans = await compileIncludes(c, pendingIncludes(draft), compilePlaybook, load);
  if (c.diagnostics.some((d) => d.severity === 'error')) throw new InvalidPlaybookError(loaded.file, uniqueDiagnostics(c.diagnostics));
  return deepFreeze(completePlan(draft, plans));
}

async function defaultLoadInclude(absolutePath: string, lang: Lang | undefined): Promise<LoadedPlaybook> {
  const { loadPlaybookFile } = await import('./load.js');
  return loadPlaybookFile(absolutePath, lang ? { lang } : {});
}

/** The same problem found twice (by the include graph and by compiling the include) is listed once. */
function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.code, d.message, d.location?.file, d.location?.line, d.location?.col]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks every template of a playbook without parameter values (for `validate`): unknown names,
 * step outputs read before the step runs, templates inside shell quotes, unknown helpers.
 * Messages are in `lang` (default: from the environment).
 */
export function checkTemplates(loaded: LoadedPlaybook, lang: Lang = detectLang()): Diagnostic[] {
  const c = new Compiler(loaded, { env: {}, lang }, checkPass);
  compileDraft(c);
  return c.diagnostics;
}

/** The plan a step includes, if it is an include (plans walk into them for secrets and values). */
function includedPlans(p: CompiledPlan): CompiledPlan[] {
  return [...p.steps, ...p.finally, ...hookSteps(p)].flatMap((s) => {
    const included = stepKind(s.action).included?.(s.action);
    return included ? [included.plan] : [];
  });
}

/** Every env list of a plan: playbook, pre/postconditions, steps and their probes and rollbacks. */
function envLists(p: CompiledPlan): PlanEnv[][] {
  const probes = (s: PlanStep): (PlanProbe | undefined)[] => [s.check, s.verify, s.rollback, s.rollback?.verify];
  return [
    p.env,
    ...[...p.preconditions, ...p.postconditions].map((probe) => probe.env),
    ...[...p.steps, ...p.finally, ...hookSteps(p)].flatMap((s) => [s.env, ...probes(s).map((probe) => probe?.env ?? [])]),
  ];
}

/** The values a plan took from runbook's environment (`from_env`), by variable, included playbooks too. */
export function fromEnvValues(plan: CompiledPlan): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: CompiledPlan) => {
    for (const list of envLists(p)) for (const e of list) if (e.fromEnv !== undefined) out[e.fromEnv] = e.value.text;
    for (const included of includedPlans(p)) walk(included);
  };
  walk(plan);
  return out;
}

/** Secret values of a plan (secret params and secret env), for redaction in every sink. */
export function collectSecrets(plan: CompiledPlan): string[] {
  const out = new Set<string>();
  const walk = (p: CompiledPlan) => {
    for (const param of p.params) if (param.secret && param.value !== undefined && String(param.value) !== '') out.add(String(param.value));
    const envs = envLists(p);
    for (const list of envs) for (const e of list) if (e.secret && e.value.text !== '') out.add(e.value.text);
    for (const included of includedPlans(p)) walk(included);
  };
  walk(plan);
  return [...out];
}
