// Checks plain playbook data against the JSON Schema and turns ajv errors into located, readable diagnostics.
import validateSchema, { type SchemaValidationError as AjvError } from './schema-validator.gen.js';
import schemaJson from '../../runbooks/schemas/playbook.schema.json' with { type: 'json' };
import type { Diagnostic } from './errors.js';
import type { NodePosition, YamlPath } from './loaded.js';
import { actionNames, allowedKeys, definitionAt, descriptionAt, identifierPattern, isPlainObject, toPath, typeList, valueAt, type Schema } from './schema-walk.js';
import { byPosition } from './diagnostic-order.js';
import { didYouMean } from './suggest.js';
import { reservedParamNames } from './reserved-names.js';
import type { Lang, Translator } from '../i18n/index.js';
import type { ValidateMessage } from '../i18n/validate.js';

export { reservedParamNames } from './reserved-names.js';

type T = Translator<ValidateMessage>;

export interface SchemaCheckContext {
  file: string;
  locate(path: YamlPath): NodePosition | undefined;
  locateKey(path: YamlPath): NodePosition | undefined;
  t: T;
  /** Schema descriptions are English: they are shown as hints only when messages are in English. */
  lang: Lang;
  /** Another schema and its generated validator (the inventory's); default: the playbook schema. */
  schema?: CheckedSchema;
  /** What the whole document is called in messages (default: the playbook). */
  documentName?: string;
}

/** A JSON Schema and the standalone ajv validator generated from it. */
export interface CheckedSchema {
  validate: { (data: unknown): boolean; errors?: AjvError[] | null };
  root: Schema;
}

const playbookSchema: CheckedSchema = { validate: validateSchema, root: schemaJson as Schema };

/** Schema errors of `data`, located and worded per keyword, sorted by position. */
export function checkSchema(data: unknown, ctx: SchemaCheckContext): Diagnostic[] {
  const { validate, root } = ctx.schema ?? playbookSchema;
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).slice();
  const found = new Map<string, Found>();
  const alternatives = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const typeErrors = new Map<string, { path: YamlPath; types: Set<string> }>();

  for (const error of errors) {
    const path = toPath(error.instancePath, data);
    const keyword = error.keyword;
    if (keyword === 'anyOf' || keyword === 'allOf' || keyword === 'propertyNames' || keyword === 'if') continue;
    if (keyword === 'required' && /\/oneOf\/\d+\/required$/.test(error.schemaPath)) continue;
    if (keyword === 'type' && alternatives.has(error.instancePath)) {
      const entry = typeErrors.get(error.instancePath) ?? { path, types: new Set<string>() };
      for (const type of typeList(error.params.type)) entry.types.add(type);
      typeErrors.set(error.instancePath, entry);
      continue;
    }
    const key = `${error.instancePath}|${keyword}|${JSON.stringify(error.params)}|${error.propertyName ?? ''}`;
    if (found.has(key)) continue;
    const diagnostic = formatError(error, path, data, ctx);
    if (diagnostic) {
      const entry: Found = { pointer: error.instancePath, keyword, error, diagnostic };
      if (keyword === 'oneOf') entry.actions = actionNames(path, data, root);
      if (keyword === 'additionalProperties') entry.suggestion = didYouMean(String(error.params.additionalProperty), allowedKeys(path, data, root));
      found.set(key, entry);
    }
  }

  // A type error among alternatives only matters when the value matched no alternative's type at all.
  for (const [pointer, { path, types }] of typeErrors) {
    const deeper = [...found.values()].some((f) => f.pointer === pointer || f.pointer.startsWith(pointer + '/'));
    if (deeper) continue;
    const diagnostic = typeDiagnostic(path, [...types], data, ctx);
    found.set(`${pointer}|type`, { pointer, keyword: 'type', error: undefined, diagnostic });
  }

  dropRequiredExplainedByTypo([...found.entries()], found);
  mergeRequired(found, data, ctx);
  const diagnostics = [...found.values()].map((f) => f.diagnostic);
  return diagnostics.sort(byPosition);
}

interface Found {
  pointer: string;
  keyword: string;
  error: AjvError | undefined;
  diagnostic: Diagnostic;
  /** For a missing action: the actions that would do. */
  actions?: string[];
  /** For an unknown key: the key probably meant. */
  suggestion?: string;
}

/** `confirm: {messag: x}` is one mistake: the typo. Drop "missing `message`" when a typo suggests it. */
function dropRequiredExplainedByTypo(entries: [string, Found][], found: Map<string, Found>): void {
  const suggested = new Set<string>();
  for (const [, f] of entries) {
    if (f.suggestion) suggested.add(`${f.pointer}|${f.suggestion}`);
  }
  for (const [key, f] of entries) {
    if (f.keyword === 'required' && suggested.has(`${f.pointer}|${String(f.error?.params.missingProperty)}`)) found.delete(key);
    // `rn: ...` in a step: the missing action is the typo, already reported with its suggestion.
    if (f.diagnostic.code === 'schema.no-action' && (f.actions ?? []).some((a) => suggested.has(`${f.pointer}|${a}`))) found.delete(key);
  }
}

/** Several missing keys of one mapping make one message: "is missing the required keys `title`, `steps`". */
function mergeRequired(found: Map<string, Found>, data: unknown, ctx: SchemaCheckContext): void {
  const byPointer = new Map<string, [string, Found][]>();
  for (const entry of found) {
    if (entry[1].keyword !== 'required') continue;
    const list = byPointer.get(entry[1].pointer) ?? [];
    list.push(entry);
    byPointer.set(entry[1].pointer, list);
  }
  for (const [pointer, entries] of byPointer) {
    if (entries.length < 2) continue;
    const keys = entries.map(([, f]) => `\`${String(f.error?.params.missingProperty)}\``).join(', ');
    const where = fieldOf(toPath(pointer, data), data, ctx);
    const first = entries[0]![1];
    first.diagnostic = { ...first.diagnostic, message: ctx.t('requiredMany', { where, keys }) };
    for (const [key] of entries.slice(1)) found.delete(key);
  }
}

function formatError(error: AjvError, path: YamlPath, data: unknown, ctx: SchemaCheckContext): Diagnostic | undefined {
  const { t } = ctx;
  const root = (ctx.schema ?? playbookSchema).root;
  const p = error.params;
  const value = valueAt(data, path);
  const field = fieldOf(path, data, ctx);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = allowedKeys(path, data, root);
      const suggestion = didYouMean(key, allowed);
      const where = fieldOf(path, data, ctx);
      const message = suggestion ? t('unknownKeyDidYouMean', { key, where, suggestion }) : t('unknownKey', { key, where });
      const hint = suggestion || allowed.length === 0 ? undefined : t('unknownKeyHint', { keys: allowed.join(', ') });
      return make(ctx, 'schema.unknown-key', message, hint, ctx.locateKey([...path, key]));
    }
    case 'required': {
      const message = t('required', { where: field, key: String(p.missingProperty) });
      return make(ctx, 'schema.required', message, undefined, path.length > 0 ? ctx.locateKey(path) : firstLine(ctx));
    }
    case 'oneOf':
      return actionDiagnostic(error, path, data, ctx);
    case 'type':
      return typeDiagnostic(path, typeList(p.type), data, ctx);
    case 'enum': {
      const values = (p.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ');
      return make(ctx, 'schema.enum', t('enum', { field, values, value: showValue(value) }), undefined, ctx.locate(path));
    }
    case 'pattern': {
      if (error.propertyName !== undefined) {
        const message = t('propertyName', { where: field, name: error.propertyName, pattern: String(p.pattern) });
        // The hint spells out the identifier pattern (params, sandbox params); other names show their pattern only.
        const hint = String(p.pattern) === identifierPattern(root) ? t('propertyNameHint') : undefined;
        return make(ctx, 'schema.property-name', message, hint, ctx.locateKey([...path, error.propertyName]));
      }
      const hint = hintAt(path, data, ctx);
      return make(ctx, 'schema.pattern', t('pattern', { field, value: showValue(value), pattern: String(p.pattern) }), hint, ctx.locate(path));
    }
    case 'not':
      if (error.propertyName !== undefined) return reservedName(error.propertyName, path, data, ctx);
      return make(ctx, 'schema.not', t('generic', { field, message: error.message ?? 'not' }), undefined, ctx.locate(path));
    case 'minItems':
      return make(ctx, 'schema.min-items', t('minItems', { field, limit: String(p.limit) }), undefined, ctx.locate(path));
    case 'maxItems':
      return make(ctx, 'schema.max-items', t('maxItems', { field, limit: String(p.limit) }), undefined, ctx.locate(path));
    case 'minLength':
      return make(ctx, 'schema.min-length', p.limit === 1 ? t('minLength', { field }) : t('minLengthN', { field, limit: String(p.limit) }), undefined, ctx.locate(path));
    case 'minimum':
    case 'exclusiveMinimum':
      return make(ctx, 'schema.minimum', t('minimum', { field, limit: String(p.limit), value: showValue(value) }), undefined, ctx.locate(path));
    case 'maximum':
    case 'exclusiveMaximum':
      return make(ctx, 'schema.maximum', t('maximum', { field, limit: String(p.limit), value: showValue(value) }), undefined, ctx.locate(path));
    case 'uniqueItems': {
      const [i, j] = [Number(p.i), Number(p.j)].sort((a, b) => a - b) as [number, number];
      return make(ctx, 'schema.unique-items', t('uniqueItems', { field, i: i + 1, j: j + 1 }), undefined, ctx.locate([...path, Math.max(i, j)]));
    }
    case 'minProperties':
      return make(ctx, 'schema.min-properties', t('minProperties', { field }), undefined, ctx.locate(path));
    default:
      return make(ctx, `schema.${error.keyword}`, t('generic', { field, message: error.message ?? error.keyword }), undefined, ctx.locate(path));
  }
}

/** A name the schema reserves (`not` under `propertyNames`): a parameter named like a helper, an env var runbook uses. */
function reservedName(name: string, path: YamlPath, data: unknown, ctx: SchemaCheckContext): Diagnostic {
  const at = ctx.locateKey([...path, name]);
  if (path.length === 1 && path[0] === 'params') {
    const names = reservedParamNames().map((n) => `\`${n}\``).join(', ');
    return make(ctx, 'schema.reserved-name', ctx.t('reservedParam', { name }), ctx.t('reservedParamHint', { name, names }), at);
  }
  const where = fieldOf(path, data, ctx);
  return make(ctx, 'schema.reserved-name', ctx.t('reservedEnv', { where, name }), ctx.t('reservedEnvHint'), at);
}

/** The step-action rule (`oneOf` of `required`): "needs exactly one action" or "has two actions". */
function actionDiagnostic(error: AjvError, path: YamlPath, data: unknown, ctx: SchemaCheckContext): Diagnostic | undefined {
  const value = valueAt(data, path);
  if (!isPlainObject(value)) return undefined; // a wrong type is reported by the type error
  const actions = actionNames(path, data, (ctx.schema ?? playbookSchema).root);
  if (actions.length === 0) return undefined;
  const where = fieldOf(path, data, ctx);
  const at = path.length > 0 ? ctx.locateKey(path) : firstLine(ctx);
  const present = actions.filter((a) => a in value);
  if (present.length > 1) {
    const list = present.map((a) => `\`${a}\``).join(', ');
    return make(ctx, 'schema.many-actions', ctx.t('manyActions', { where, count: present.length, actions: list }), ctx.t('manyActionsHint'), ctx.locateKey([...path, present[1]!]) ?? at);
  }
  return make(ctx, 'schema.no-action', ctx.t('noAction', { where, actions: actions.map((a) => `\`${a}\``).join(', ') }), undefined, at);
}

function typeDiagnostic(path: YamlPath, types: string[], data: unknown, ctx: SchemaCheckContext): Diagnostic {
  const { t } = ctx;
  const unique = [...new Set(types)];
  // "a number or an integer" says nothing more than "a number".
  const shown = unique.includes('number') ? unique.filter((x) => x !== 'integer') : unique;
  const expected = shown.map((x) => typeName(x, t)).join(t('or'));
  const value = valueAt(data, path);
  const message = t('type', { field: fieldOf(path, data, ctx), expected, actual: actualType(value, t) });
  return make(ctx, 'schema.type', message, hintAt(path, data, ctx), ctx.locate(path));
}

function make(ctx: SchemaCheckContext, code: string, message: string, hint: string | undefined, at: NodePosition | undefined): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message };
  if (hint) d.hint = hint;
  if (at) d.location = { file: ctx.file, line: at.line, col: at.col, endLine: at.endLine, endCol: at.endCol };
  return d;
}

function firstLine(ctx: SchemaCheckContext): NodePosition | undefined {
  const root = ctx.locate([]);
  return root ? { line: root.line, col: root.col, endLine: root.line, endCol: root.col + 1 } : undefined;
}

// ---- words for messages ----------------------------------------------------------------------

function showValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > 60 ? value.slice(0, 59) + '…' : value;
    return JSON.stringify(cut);
  }
  if (value === undefined) return '';
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? '[…]' : '{…}';
  return String(value);
}

/** describeField, with the document's own name for its root. */
function fieldOf(path: YamlPath, data: unknown, ctx: SchemaCheckContext): string {
  return path.length === 0 && ctx.documentName ? ctx.documentName : describeField(path, data, ctx.t);
}

/** Where a path points, for messages: "`rollback` in step `stop`", "param `owner`", "`title`". */
export function describeField(path: YamlPath, data: unknown, t: T): string {
  const [head, index, ...rest] = path;
  let where: string | undefined;
  let remaining: YamlPath = path;
  if ((head === 'steps' || head === 'finally') && typeof index === 'number') {
    const id = (valueAt(data, [head, index, 'id']) as unknown) ?? undefined;
    const named = typeof id === 'string' && id.length > 0;
    if (head === 'steps') where = named ? t('where_step', { id }) : t('where_stepN', { n: index + 1 });
    else where = named ? t('where_finally', { id }) : t('where_finallyN', { n: index + 1 });
    remaining = rest;
  } else if ((head === 'preconditions' || head === 'postconditions') && typeof index === 'number') {
    where = head === 'preconditions' ? t('where_precondition', { n: index + 1 }) : t('where_postcondition', { n: index + 1 });
    remaining = rest;
  } else if (head === 'params' && typeof index === 'string') {
    where = t('where_param', { name: index });
    remaining = rest;
  }
  const field = remaining.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  if (!field) return where ?? t('where_playbook');
  return where ? t('fieldIn', { field, where }) : t('fieldTop', { field });
}

function typeName(type: string, t: T): string {
  switch (type) {
    case 'string':
      return t('type_string');
    case 'number':
      return t('type_number');
    case 'integer':
      return t('type_integer');
    case 'boolean':
      return t('type_boolean');
    case 'object':
      return t('type_object');
    case 'array':
      return t('type_array');
    case 'null':
      return t('type_null');
    default:
      return type;
  }
}

function actualType(value: unknown, t: T): string {
  if (value === null || value === undefined) return t('type_null');
  if (Array.isArray(value)) return t('type_array');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `${t('type_string')} ${showValue(value)}`;
  return t('type_object');
}

/** The kinds of value that have a translated explanation (by their schema definition name). */
const EXPLAINED = { duration: 'hint_duration', text: 'hint_text', probe: 'hint_probe', rollback: 'hint_rollback', confirmSpec: 'hint_confirm' } as const;

/** A hint saying what the value should look like: translated for common kinds, else the schema's description (English only). */
function hintAt(path: YamlPath, data: unknown, ctx: SchemaCheckContext): string | undefined {
  const root = (ctx.schema ?? playbookSchema).root;
  const definition = definitionAt(path, data, root);
  if (!ctx.schema && definition && definition in EXPLAINED) return ctx.t(EXPLAINED[definition as keyof typeof EXPLAINED]);
  return ctx.lang === 'en' ? descriptionAt(path, data, root) : undefined;
}
