// Checks the schema cannot express: unique step ids, params that contradict themselves, sandbox params, includes.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from './errors.js';
import type { NodePosition, YamlPath } from './loaded.js';
import type { Param, Playbook } from './playbook.gen.js';
import { hookLists } from './hook-names.js';
import { didYouMean } from './suggest.js';
import type { Translator } from '../i18n/index.js';
import type { ValidateMessage } from '../i18n/validate.js';

export interface SemanticContext {
  file: string;
  /** Absolute path of the playbook, to resolve `playbook:` includes. */
  absolutePath: string;
  locate(path: YamlPath): NodePosition | undefined;
  locateKey(path: YamlPath): NodePosition | undefined;
  t: Translator<ValidateMessage>;
  /** Whether a file exists (injectable for tests). */
  exists?: (path: string) => boolean;
}

/** Semantic errors of a schema-valid playbook, in file order. */
export function checkSemantics(playbook: Playbook, ctx: SemanticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkStepIds(playbook, ctx, out);
  for (const [name, param] of Object.entries(playbook.params ?? {})) checkParam(name, param, ctx, out);
  checkSandboxParams(playbook, ctx, out);
  checkIncludes(playbook, ctx, out);
  checkHookIncludes(playbook, ctx, out);
  return out;
}

function push(out: Diagnostic[], ctx: SemanticContext, code: string, message: string, hint: string | undefined, at: NodePosition | undefined): void {
  const d: Diagnostic = { code, severity: 'error', message };
  if (hint) d.hint = hint;
  if (at) d.location = { file: ctx.file, line: at.line, col: at.col, endLine: at.endLine, endCol: at.endCol };
  out.push(d);
}

function checkStepIds(playbook: Playbook, ctx: SemanticContext, out: Diagnostic[]): void {
  const seen = new Map<string, YamlPath>();
  const lists = [['steps', playbook.steps] as const, ['finally', playbook.finally ?? []] as const, ...hookLists(playbook)];
  for (const [list, steps] of lists) {
    steps.forEach((step, index) => {
      const path: YamlPath = [list, index, 'id'];
      const first = seen.get(step.id);
      if (!first) {
        seen.set(step.id, path);
        return;
      }
      const at = ctx.locate(path);
      const firstLine = ctx.locate(first)?.line ?? 0;
      push(out, ctx, 'step.duplicate-id', ctx.t('duplicateStepId', { id: step.id, first: firstLine, second: at?.line ?? 0 }), ctx.t('duplicateStepIdHint'), at);
    });
  }
}

/** A hook runs after the run has ended: it notifies or cleans up, it does not include another playbook. */
function checkHookIncludes(playbook: Playbook, ctx: SemanticContext, out: Diagnostic[]): void {
  for (const [hook, steps] of hookLists(playbook)) {
    steps.forEach((step, index) => {
      if (step.playbook === undefined) return;
      push(out, ctx, 'hook.include', ctx.t('hookInclude', { id: step.id, hook }), ctx.t('hookIncludeHint'), ctx.locate([hook, index, 'playbook']));
    });
  }
}

/** Compiles a param pattern the way values are checked: the whole value must match. */
export function compileParamPattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

function typeOk(type: Param['type'], value: unknown): boolean {
  switch (type ?? 'string') {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function typeLabel(type: Param['type'], t: SemanticContext['t']): string {
  const name = type ?? 'string';
  return t(`type_${name}` as ValidateMessage);
}

function checkParam(name: string, param: Param, ctx: SemanticContext, out: Diagnostic[], base: YamlPath = ['params', name]): void {
  const { t } = ctx;
  const type = param.type ?? 'string';
  if (type === 'array' || param.items !== undefined) {
    checkListParam(name, param, ctx, out, base);
    return;
  }
  let regex: RegExp | undefined;
  if (param.pattern !== undefined) {
    try {
      regex = compileParamPattern(param.pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /, '') : String(error);
      push(out, ctx, 'param.bad-pattern', t('badPattern', { name, reason }), t('badPatternHint'), ctx.locate([...base, 'pattern']));
    }
  }
  const enumValues: readonly (string | number | boolean)[] = param.enum ?? [];
  enumValues.forEach((value, i) => {
    if (!typeOk(type, value)) {
      push(out, ctx, 'param.enum-type', t('enumType', { name, value: show(value), expected: typeLabel(type, t) }), undefined, ctx.locate([...base, 'enum', i]));
    }
  });
  const numeric = type === 'integer' || type === 'number';
  if ((param.min !== undefined || param.max !== undefined) && !numeric) {
    const key = param.min !== undefined ? 'min' : 'max';
    push(out, ctx, 'param.min-max-type', t('minMaxType', { name, type }), undefined, ctx.locateKey([...base, key]));
  }
  if (param.min !== undefined && param.max !== undefined && param.min > param.max) {
    push(out, ctx, 'param.min-max', t('minMax', { name, min: param.min, max: param.max }), undefined, ctx.locate([...base, 'min']));
  }
  if (param.default === undefined) return;
  const value = param.default;
  // Located only when there is something to report: `validate` checks valid playbooks without positions.
  const at = () => ctx.locate([...base, 'default']);
  if (Array.isArray(value) || !typeOk(type, value)) {
    push(out, ctx, 'param.default-type', t('defaultType', { name, value: show(value), expected: typeLabel(type, t) }), undefined, at());
    return;
  }
  if (enumValues.length > 0 && !enumValues.includes(value)) {
    const values = enumValues.map((v) => `\`${String(v)}\``).join(', ');
    push(out, ctx, 'param.default-enum', t('defaultEnum', { name, value: show(value), values }), undefined, at());
  }
  if (regex && typeof value === 'string' && !regex.test(value)) {
    push(out, ctx, 'param.default-pattern', t('defaultPattern', { name, value: show(value), pattern: param.pattern! }), undefined, at());
  }
  if (typeof value === 'number' && numeric) {
    if (param.min !== undefined && value < param.min) push(out, ctx, 'param.default-min', t('defaultMin', { name, value, limit: param.min }), undefined, at());
    if (param.max !== undefined && value > param.max) push(out, ctx, 'param.default-max', t('defaultMax', { name, value, limit: param.max }), undefined, at());
  }
}

/**
 * A list parameter (`type: array`): its items are described by `items`, its `min`/`max` count items; it
 * cannot be secret (items reach commands one by one, not through a masked variable). Its default is
 * checked item by item when compiled, like any value.
 */
function checkListParam(name: string, param: Param, ctx: SemanticContext, out: Diagnostic[], base: YamlPath): void {
  const { t } = ctx;
  if (param.type !== 'array') {
    push(out, ctx, 'param.items-type', t('itemsNotArray', { name }), undefined, ctx.locateKey([...base, 'items']));
    return;
  }
  for (const key of ['enum', 'pattern', 'secret'] as const) {
    if (param[key] !== undefined) push(out, ctx, 'param.array-key', t('arrayKey', { name, key }), t('arrayKeyHint'), ctx.locateKey([...base, key]));
  }
  if (param.min !== undefined && param.max !== undefined && param.min > param.max) {
    push(out, ctx, 'param.min-max', t('minMax', { name, min: param.min, max: param.max }), undefined, ctx.locate([...base, 'min']));
  }
  if (param.default !== undefined && !Array.isArray(param.default)) {
    push(out, ctx, 'param.default-type', t('defaultType', { name, value: show(param.default), expected: t('type_array') }), undefined, ctx.locate([...base, 'default']));
  }
  if (param.items) checkParam(`${name}[]`, { ...param.items }, ctx, out, [...base, 'items']);
}

function checkSandboxParams(playbook: Playbook, ctx: SemanticContext, out: Diagnostic[]): void {
  const declared = Object.keys(playbook.params ?? {});
  for (const name of Object.keys(playbook.sandbox?.params ?? {})) {
    if (declared.includes(name)) continue;
    const suggestion = didYouMean(name, declared);
    const message = suggestion
      ? ctx.t('sandboxUnknownParamDidYouMean', { name, suggestion })
      : ctx.t('sandboxUnknownParam', { name });
    push(out, ctx, 'sandbox.unknown-param', message, ctx.t('sandboxUnknownParamHint'), ctx.locateKey(['sandbox', 'params', name]));
  }
}

function checkIncludes(playbook: Playbook, ctx: SemanticContext, out: Diagnostic[]): void {
  const exists = ctx.exists ?? existsSync;
  const dir = dirname(ctx.absolutePath);
  const lists = [['steps', playbook.steps] as const, ['finally', playbook.finally ?? []] as const];
  for (const [list, steps] of lists) {
    steps.forEach((step, index) => {
      const include = step.playbook?.path;
      if (include === undefined) return;
      // A templated path is only known at compile time.
      if (include.includes('{{')) return;
      if (exists(resolve(dir, include))) return;
      push(out, ctx, 'step.include-missing', ctx.t('includeMissing', { id: step.id, path: include }), ctx.t('includeMissingHint', { dir: dirname(ctx.file) }), ctx.locate([list, index, 'playbook', 'path']));
    });
  }
}
