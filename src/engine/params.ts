// Parameters: values from --param, RUNBOOK_PARAM_* variables, the sandbox and defaults, typed and checked.
import type { Param } from './playbook.gen.js';
import type { ParamValue, PlanParam } from './plan.js';
import type { Diagnostic, SourceLocation } from './errors.js';
import { didYouMean } from './suggest.js';

export type ParamType = PlanParam['type'];

/** Parses `k=v` pairs from the command line; the value may contain `=`. */
export function parseParamArgs(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--param takes name=value, got ${JSON.stringify(pair)}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The environment variable that can carry a parameter (handy for secrets): RUNBOOK_PARAM_<NAME>. */
export function paramEnvName(name: string): string {
  return `RUNBOOK_PARAM_${name.toUpperCase()}`;
}

/** Converts text to the parameter's type, or says why it cannot. */
export function coerce(type: ParamType, raw: ParamValue): { value?: ParamValue; error?: string } {
  if (type === 'string') return { value: String(raw) };
  if (type === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    const v = String(raw).trim().toLowerCase();
    if (['true', 'yes', 'y', '1', 'on'].includes(v)) return { value: true };
    if (['false', 'no', 'n', '0', 'off'].includes(v)) return { value: false };
    return { error: 'expected a boolean (true/false)' };
  }
  if (typeof raw === 'boolean') return { error: `expected ${type === 'integer' ? 'an integer' : 'a number'}` };
  const text = String(raw).trim();
  if (type === 'integer') {
    if (!/^[+-]?\d+$/.test(text)) return { error: 'expected an integer' };
    const n = Number(text);
    if (!Number.isSafeInteger(n)) return { error: 'integer out of range' };
    return { value: n };
  }
  if (text === '' || !Number.isFinite(Number(text))) return { error: 'expected a number' };
  return { value: Number(text) };
}

/** Checks a typed value against enum, pattern and min/max; returns the problem, if any. */
export function checkConstraints(name: string, spec: Param, value: ParamValue): string | undefined {
  if (spec.enum && !spec.enum.some((e) => e === value || String(e) === String(value))) {
    return `${name} must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}; got ${JSON.stringify(value)}`;
  }
  if (spec.pattern !== undefined && typeof value === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${spec.pattern})$`, 'u');
    } catch {
      return `${name} has a pattern that does not compile: ${spec.pattern}`;
    }
    if (!re.test(value)) return `${name} must match /${spec.pattern}/; got ${JSON.stringify(value)}`;
  }
  const measure = typeof value === 'number' ? value : typeof value === 'string' ? [...value].length : undefined;
  const what = typeof value === 'string' ? 'length' : 'value';
  if (measure !== undefined && spec.min !== undefined && measure < spec.min) return `${name} ${what} must be at least ${spec.min}; got ${measure}`;
  if (measure !== undefined && spec.max !== undefined && measure > spec.max) return `${name} ${what} must be at most ${spec.max}; got ${measure}`;
  return undefined;
}

export interface ResolveParamsInput {
  specs: Record<string, Param>;
  given: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** Sandbox overrides, already rendered. */
  sandbox?: Record<string, ParamValue>;
  file: string;
  locate: (name: string) => SourceLocation | undefined;
}

/** Resolves every parameter; collects all problems rather than stopping at the first. */
export function resolveParams(input: ResolveParamsInput): { params: PlanParam[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(input.specs);
  for (const given of Object.keys(input.given)) {
    if (!(given in input.specs)) {
      const suggestion = didYouMean(given, names);
      diagnostics.push({
        code: 'param.unknown',
        severity: 'error',
        message: `unknown parameter \`${given}\``,
        hint: suggestion
          ? `did you mean \`${suggestion}\`?`
          : names.length
            ? `parameters of this playbook: ${names.join(', ')}`
            : 'this playbook takes no parameters',
      });
    }
  }
  const params: PlanParam[] = [];
  for (const [name, spec] of Object.entries(input.specs)) {
    const type = spec.type ?? 'string';
    let raw: ParamValue | undefined;
    let source: PlanParam['source'] = 'unset';
    const fromEnv = input.env[paramEnvName(name)];
    if (name in input.given) {
      raw = input.given[name];
      source = 'given';
    } else if (fromEnv !== undefined) {
      raw = fromEnv;
      source = 'given';
    } else if (input.sandbox && name in input.sandbox) {
      raw = input.sandbox[name];
      source = 'sandbox';
    } else if (spec.default !== undefined) {
      raw = spec.default;
      source = 'default';
    }
    let value: ParamValue | undefined;
    if (raw === undefined) {
      if (spec.required) {
        diagnostics.push({
          code: 'param.missing',
          severity: 'error',
          message: `missing required parameter \`${name}\``,
          hint: `give it with --param ${name}=<value>${spec.secret ? ` (or, for a secret, the environment variable ${paramEnvName(name)})` : ''}`,
          location: input.locate(name),
        });
      }
    } else {
      const coerced = coerce(type, raw);
      if (coerced.error !== undefined) {
        diagnostics.push({
          code: 'param.type',
          severity: 'error',
          message: `parameter \`${name}\`: ${coerced.error}; got ${spec.secret ? 'a secret value' : JSON.stringify(raw)}`,
          location: source === 'default' ? input.locate(name) : undefined,
        });
      } else {
        value = coerced.value;
        const problem = checkConstraints(name, spec, value!);
        if (problem) {
          diagnostics.push({
            code: 'param.constraint',
            severity: 'error',
            message: spec.secret ? `parameter \`${name}\` does not meet its constraints (value hidden: secret)` : `parameter ${problem}`,
            location: source === 'default' ? input.locate(name) : undefined,
          });
        }
      }
    }
    const param: PlanParam = { name, type, value, secret: spec.secret === true, source };
    if (spec.description !== undefined) param.description = spec.description;
    if (spec.enum) param.enum = [...spec.enum];
    if (spec.pattern !== undefined) param.pattern = spec.pattern;
    params.push(param);
  }
  return { params, diagnostics };
}
