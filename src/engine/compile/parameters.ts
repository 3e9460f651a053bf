// `params:` and `sandbox.params:` — values resolved from --param, RUNBOOK_PARAM_*, the sandbox and the
// defaults (params.ts), or, for `validate`, only the declarations and the sandbox templates checked.
import type { ParamValue, PlanParam } from '../plan.js';
import { resolveParams, type ResolveParamsInput } from '../params.js';
import type { Compiler } from './compiler.js';
import { NO_STEPS, template } from './templates.js';

/** The compile pass: every value resolved and checked; problems are the compile's. */
export function resolveParameters(c: Compiler): PlanParam[] {
  const input = inputOf(c);
  const sandbox = c.options.sandbox ? sandboxParams(c) : undefined;
  const { params, diagnostics } = resolveParams({
    ...input,
    ...(sandbox ? { sandbox: sandbox.values } : {}),
    sandboxLocked: sandbox?.locked ?? new Set(),
    locate: (name) => c.location(['params', name]),
    locateName: (name) => c.keyLocation(['params', name]),
  });
  c.diagnostics.push(...diagnostics);
  warnOutsideSandbox(c, params);
  return adopt(c, params);
}

/**
 * `validate`'s check: types only, problems with values left to plan and play (so no positions asked),
 * but the sandbox parameters' names and templates checked, as a `--sandbox` run would.
 */
export function checkParameters(c: Compiler): PlanParam[] {
  const input = inputOf(c);
  const { locked } = sandboxParams(c);
  const { params } = resolveParams({ ...input, sandboxLocked: locked, locate: () => undefined, locateName: () => undefined, typesOnly: true });
  return adopt(c, params);
}

/** What both passes give params.ts; the parameter names are known from here on (templates read them). */
function inputOf(c: Compiler): Pick<ResolveParamsInput, 'specs' | 'given' | 'env' | 'file' | 'lang' | 'secret'> {
  const specs = c.pb.params ?? {};
  c.paramNames = Object.keys(specs);
  return {
    specs,
    given: c.options.params ?? {},
    env: c.options.env ?? process.env,
    file: c.loaded.file,
    lang: c.options.lang,
    secret: new Set(c.options.secretParams ?? []),
  };
}

/** `sandbox.params`: each name must be a parameter; a template is rendered with the sandbox's variables. */
function sandboxParams(c: Compiler): { values: Record<string, ParamValue>; locked: Set<string> } {
  const names = c.paramNames;
  const values: Record<string, ParamValue> = {};
  const locked = new Set<string>();
  for (const [name, value] of Object.entries(c.pb.sandbox?.params ?? {})) {
    const path = ['sandbox', 'params', name];
    if (!names.includes(name)) {
      c.error('sandbox.unknown-param', c.t('sandbox.unknownParam', { name }), path, c.suggest(name, names));
      continue;
    }
    if (typeof value !== 'string') {
      values[name] = value;
      continue;
    }
    values[name] = template(c, value, 'text', path, { steps: NO_STEPS, sandbox: true, where: 'sandbox.params' }).text;
    if (/\{\{[^}]*\bsandbox\./.test(value)) locked.add(name);
  }
  return { values, locked };
}

/** An unmapped absolute path keeps its real-host default in a sandbox run: the plan says so. */
function warnOutsideSandbox(c: Compiler, params: readonly PlanParam[]): void {
  const sandboxDir = c.options.sandbox?.dir;
  if (!sandboxDir) return;
  for (const p of params) {
    if (!p.secret && p.source !== 'sandbox' && typeof p.value === 'string' && p.value.startsWith('/') && !p.value.startsWith(sandboxDir)) {
      c.warnings.push({ code: 'param.outside-sandbox', message: c.t('param.outsideSandbox', { name: p.name, value: p.value }) });
    }
  }
}

function adopt(c: Compiler, params: PlanParam[]): PlanParam[] {
  for (const p of params) {
    c.values[p.name] = p.value;
    if (p.secret) c.secretParams.add(p.name);
  }
  return params;
}
