// Parameters: values from --param, RUNBOOK_PARAM_* variables, the sandbox and defaults, typed and checked.
import type { Param } from './playbook.gen.js';
import type { ParamValue, PlanParam, ScalarValue } from './plan.js';
import { itemName, itemSpec, parseList } from './list-param.js';
import type { Diagnostic, SourceLocation } from './errors.js';
import { didYouMean } from './suggest.js';
import type { Lang } from './text.js';
import { detectLang } from '../i18n/index.js';
import { compileText } from '../i18n/compile.js';
import { testWithin } from './regex-guard.js';

export type ParamType = PlanParam['type'];

/** A `--param` argument that is not `name=value`; the message is in the language given to parseParamArgs. */
export class ParamArgError extends Error {
  readonly code = 'param.args';
  constructor(
    readonly pair: string,
    lang: Lang,
  ) {
    super(compileText(lang)('param.args', { pair: JSON.stringify(pair) }));
    this.name = 'ParamArgError';
  }
}

/** Parses `k=v` pairs from the command line; the value may contain `=`. */
export function parseParamArgs(pairs: readonly string[], lang: Lang = detectLang()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ParamArgError(pair, lang);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The environment variable that can carry a parameter (handy for secrets): RUNBOOK_PARAM_<NAME>. */
export function paramEnvName(name: string): string {
  return `RUNBOOK_PARAM_${name.toUpperCase()}`;
}

/** Why a value does not convert to its parameter's type (a message key of src/i18n/compile.ts). */
export type CoerceError = 'param.expectBoolean' | 'param.expectInteger' | 'param.expectNumber' | 'param.integerRange' | 'param.expectList';

/** Converts text to the parameter's type, or says why it cannot (`item`: which item of a list, 0-based). */
export function coerce(type: ParamType, raw: ParamValue, items?: Param['items']): { value?: ParamValue; error?: CoerceError; item?: number } {
  if (type === 'array') return coerceList(raw, items?.type ?? 'string');
  if (Array.isArray(raw)) return { error: type === 'boolean' ? 'param.expectBoolean' : type === 'integer' ? 'param.expectInteger' : type === 'number' ? 'param.expectNumber' : 'param.expectList' };
  if (type === 'string') return { value: String(raw) };
  if (type === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    const v = String(raw).trim().toLowerCase();
    if (['true', 'yes', 'y', '1', 'on'].includes(v)) return { value: true };
    if (['false', 'no', 'n', '0', 'off'].includes(v)) return { value: false };
    return { error: 'param.expectBoolean' };
  }
  if (typeof raw === 'boolean') return { error: type === 'integer' ? 'param.expectInteger' : 'param.expectNumber' };
  const text = String(raw).trim();
  if (type === 'integer') {
    if (!/^[+-]?\d+$/.test(text)) return { error: 'param.expectInteger' };
    const n = Number(text);
    if (!Number.isSafeInteger(n)) return { error: 'param.integerRange' };
    return { value: n };
  }
  if (text === '' || !Number.isFinite(Number(text))) return { error: 'param.expectNumber' };
  return { value: Number(text) };
}

/** A list, each item converted to the items' type. */
function coerceList(raw: ParamValue, type: Exclude<ParamType, 'array'>): { value?: ScalarValue[]; error?: CoerceError; item?: number } {
  const list = parseList(raw);
  if (list === undefined) return { error: 'param.expectList' };
  const value: ScalarValue[] = [];
  for (const [i, item] of list.entries()) {
    const typed = coerce(type, item);
    if (typed.error !== undefined) return { error: typed.error, item: i };
    value.push(typed.value as ScalarValue);
  }
  return { value };
}

/** A constraint a value breaks: a message key of src/i18n/compile.ts and its placeholders. */
export interface ConstraintProblem {
  key: 'param.enum' | 'param.badPattern' | 'param.pattern' | 'param.patternSlow' | 'param.minLength' | 'param.maxLength' | 'param.minValue' | 'param.maxValue' | 'param.minItems' | 'param.maxItems';
  vars: Record<string, string | number>;
}

/** Checks a typed value against enum, pattern and min/max; returns the problem, if any. */
export function checkConstraints(name: string, spec: Param, value: ParamValue): ConstraintProblem | undefined {
  if (Array.isArray(value)) return checkList(name, spec, value);
  if (spec.enum && !spec.enum.some((e) => e === value || String(e) === String(value))) {
    return { key: 'param.enum', vars: { name, values: spec.enum.map((e) => JSON.stringify(e)).join(', '), value: JSON.stringify(value) } };
  }
  if (spec.pattern !== undefined && typeof value === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${spec.pattern})$`, 'u');
    } catch {
      return { key: 'param.badPattern', vars: { name, pattern: spec.pattern } };
    }
    const matched = testWithin(re, value);
    if (matched === 'timeout') return { key: 'param.patternSlow', vars: { name, pattern: spec.pattern } };
    if (!matched) return { key: 'param.pattern', vars: { name, pattern: spec.pattern, value: JSON.stringify(value) } };
  }
  const measure = typeof value === 'number' ? value : typeof value === 'string' ? [...value].length : undefined;
  const isLength = typeof value === 'string';
  if (measure !== undefined && spec.min !== undefined && measure < spec.min) {
    return { key: isLength ? 'param.minLength' : 'param.minValue', vars: { name, limit: spec.min, got: measure } };
  }
  if (measure !== undefined && spec.max !== undefined && measure > spec.max) {
    return { key: isLength ? 'param.maxLength' : 'param.maxValue', vars: { name, limit: spec.max, got: measure } };
  }
  return undefined;
}

/** A list's number of items (min/max), then each item against the items' enum, pattern, min and max. */
function checkList(name: string, spec: Param, list: readonly ScalarValue[]): ConstraintProblem | undefined {
  if (spec.min !== undefined && list.length < spec.min) return { key: 'param.minItems', vars: { name, limit: spec.min, got: list.length } };
  if (spec.max !== undefined && list.length > spec.max) return { key: 'param.maxItems', vars: { name, limit: spec.max, got: list.length } };
  const items = itemSpec(spec);
  for (const [i, item] of list.entries()) {
    const problem = checkConstraints(itemName(name, i), items, item);
    if (problem) return problem;
  }
  return undefined;
}

export interface ResolveParamsInput {
  specs: Record<string, Param>;
  given: Record<string, string>;
  env: NodeJS.ProcessEnv;
  /** Sandbox overrides, already rendered. */
  sandbox?: Record<string, ParamValue>;
  /** Parameters whose sandbox value is built from `{{sandbox.*}}` (paths, URLs): nothing overrides them. */
  sandboxLocked?: ReadonlySet<string>;
  file: string;
  /** The language of the messages (default: from the environment). */
  lang?: Lang;
  locate: (name: string) => SourceLocation | undefined;
  /** Where the parameter's name is declared (a missing value points there); default: `locate`. */
  locateName?: (name: string) => SourceLocation | undefined;
  /** Types only, no enum/pattern/min/max checks (`validate`'s template check; defaults are checked elsewhere). */
  typesOnly?: boolean;
  /** Parameters that are secret whatever their spec says (an including playbook gave them a secret's value). */
  secret?: ReadonlySet<string>;
}

/** `: one of staging, production` / `: matching the pattern \d+:\d+`: what a missing parameter may be (secrets say nothing). */
function allowedValues(spec: Param, t: ReturnType<typeof compileText>): string {
  if (spec.secret) return '';
  if (spec.enum && spec.enum.length > 0) return t('param.missingEnum', { values: spec.enum.map((v) => String(v)).join(', ') });
  if (spec.pattern !== undefined) return t('param.missingPattern', { pattern: spec.pattern });
  return '';
}

/** Resolves every parameter; collects all problems rather than stopping at the first. */
export function resolveParams(input: ResolveParamsInput): { params: PlanParam[]; diagnostics: Diagnostic[] } {
  const t = compileText(input.lang ?? detectLang());
  const diagnostics = unknownGiven(input, t);
  const params: PlanParam[] = [];
  for (const [name, declared] of Object.entries(input.specs)) {
    const spec: Param = input.secret?.has(name) ? { ...declared, secret: true } : declared;
    const type = spec.type ?? 'string';
    const { raw, source } = chooseValue(name, spec, input, diagnostics, t);
    let value: ParamValue | undefined;
    if (raw === undefined) {
      if (spec.required) {
        diagnostics.push({
          code: 'param.missing',
          severity: 'error',
          message: t('param.missing', { name }) + allowedValues(spec, t),
          hint: spec.secret ? t('param.missingSecretHint', { name, env: paramEnvName(name) }) : t('param.missingHint', { name }),
          location: (input.locateName ?? input.locate)(name),
        });
      }
    } else {
      // A value from the playbook's default is located there; one given on the command line has no place in it.
      value = checkValue(name, spec, type, raw, input, () => (source === 'default' ? input.locate(name) : undefined), diagnostics, t);
    }
    const param: PlanParam = { name, type, value, secret: spec.secret === true, source };
    if (spec.description !== undefined) param.description = spec.description;
    if (spec.enum) param.enum = [...spec.enum];
    if (spec.pattern !== undefined) param.pattern = spec.pattern;
    if (type === 'array') param.items = { type: spec.items?.type ?? 'string', ...(spec.items?.enum ? { enum: [...spec.items.enum] } : {}), ...(spec.items?.pattern !== undefined ? { pattern: spec.items.pattern } : {}) };
    params.push(param);
  }
  return { params, diagnostics };
}

type T = ReturnType<typeof compileText>;

/** A `--param` (or RUNBOOK_PARAM_*) naming no parameter of the playbook. */
function unknownGiven(input: ResolveParamsInput, t: T): Diagnostic[] {
  const names = Object.keys(input.specs);
  return Object.keys(input.given)
    .filter((given) => !(given in input.specs))
    .map((given) => {
      const suggestion = didYouMean(given, names);
      return {
        code: 'param.unknown',
        severity: 'error',
        message: t('param.unknown', { name: given }),
        hint: suggestion ? t('didYouMean', { suggestion }) : names.length ? t('param.unknownList', { names: names.join(', ') }) : t('param.none'),
      };
    });
}

/** Where a parameter's value comes from: the sandbox (when it maps the parameter), --param, RUNBOOK_PARAM_*, the sandbox, the default. */
function chooseValue(name: string, spec: Param, input: ResolveParamsInput, diagnostics: Diagnostic[], t: T): { raw: ParamValue | undefined; source: PlanParam['source'] } {
  const fromEnv = input.env[paramEnvName(name)];
  if (input.sandbox && name in input.sandbox && input.sandboxLocked?.has(name)) {
    // Under --sandbox a parameter the playbook maps into the sandbox always takes the sandbox value:
    // a --param or an exported RUNBOOK_PARAM_* (an ops shell may have one) would point the
    // "nothing real is touched" run at real paths.
    if (name in input.given) {
      diagnostics.push({ code: 'param.sandboxed', severity: 'error', message: t('param.sandboxed', { name }), hint: t('param.sandboxedHint', { name }) });
    }
    return { raw: input.sandbox[name], source: 'sandbox' };
  }
  if (name in input.given) return { raw: input.given[name], source: 'given' };
  if (fromEnv !== undefined) return { raw: fromEnv, source: 'given' };
  // A literal example value for sandbox runs (e.g. a version): it may be overridden.
  if (input.sandbox && name in input.sandbox) return { raw: input.sandbox[name], source: 'sandbox' };
  if (spec.default !== undefined) return { raw: spec.default, source: 'default' };
  return { raw: undefined, source: 'unset' };
}

/** The value in the parameter's type, when it has that type, no NUL byte and meets the constraints. */
function checkValue(name: string, spec: Param, type: NonNullable<Param['type']>, raw: ParamValue, input: ResolveParamsInput, locate: () => SourceLocation | undefined, diagnostics: Diagnostic[], t: T): ParamValue | undefined {
  const coerced = coerce(type, raw, spec.items);
  if (coerced.error !== undefined) {
    const item = coerced.item === undefined ? undefined : parseList(raw)?.[coerced.item];
    const shown = item !== undefined ? JSON.stringify(item) : JSON.stringify(raw);
    diagnostics.push({
      code: 'param.type',
      severity: 'error',
      message: t('param.type', { name: coerced.item === undefined ? name : itemName(name, coerced.item), error: t(coerced.error), value: spec.secret ? t('param.secretValue') : shown }),
      location: locate(),
    });
    return undefined;
  }
  if ((Array.isArray(coerced.value) ? coerced.value : [coerced.value]).some((v) => typeof v === 'string' && v.includes('\0'))) {
    // A command receives values through its environment, which (like argv) ends a string at NUL.
    diagnostics.push({ code: 'param.nul', severity: 'error', message: t('param.nul', { name }), location: locate() });
    return undefined;
  }
  const problem = input.typesOnly ? undefined : checkConstraints(name, spec, coerced.value!);
  if (problem) {
    diagnostics.push({ code: 'param.constraint', severity: 'error', message: spec.secret ? t('param.secretConstraint', { name }) : t(problem.key, problem.vars), location: locate() });
  }
  return coerced.value;
}
