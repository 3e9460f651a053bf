// Walks the JSON Schema along a data path: the schemas that apply to a value, its allowed keys, its actions,
// the definition and description it is declared with; and the data paths ajv's errors point at.
import type { YamlPath } from './loaded.js';

export type Schema = { [key: string]: unknown };

// ---- paths and values -------------------------------------------------------------------------

/** The path of a JSON pointer (`/steps/0/run`), numbers where the data is an array. */
export function toPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(cur) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(key);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[key] : undefined;
  }
  return path;
}

/** The value at a path of the data, or undefined when the path leads nowhere. */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let cur = data;
  for (const segment of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[segment];
  }
  return cur;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The types a `type` keyword (or ajv's `params.type`) names: `string`, `[string, number]`, `string,number`. */
export function typeList(type: unknown): string[] {
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

// ---- the schema, walked along a data path -----------------------------------------------------

function deref(schema: Schema, root: Schema): Schema {
  let cur = schema;
  for (let guard = 0; typeof cur.$ref === 'string' && guard < 32; guard++) {
    let target: unknown = root;
    for (const part of cur.$ref.replace(/^#\//, '').split('/')) target = (target as Schema | undefined)?.[part];
    cur = (target as Schema | undefined) ?? {};
  }
  return cur;
}

function typeMatches(type: unknown, value: unknown): boolean {
  if (type === undefined || value === undefined) return true;
  return typeList(type).some((x) => {
    switch (x) {
      case 'object':
        return isPlainObject(value);
      case 'array':
        return Array.isArray(value);
      case 'integer':
        return Number.isInteger(value);
      case 'null':
        return value === null;
      default:
        return typeof value === x;
    }
  });
}

/** The schema and its alternatives (anyOf/oneOf/allOf, refs resolved) that fit the value's type. */
function expand(schema: Schema, value: unknown, root: Schema, out: Schema[] = [], depth = 0): Schema[] {
  const s = deref(schema, root);
  if (depth > 16 || !typeMatches(s.type, value)) return out;
  out.push(s);
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    const list = s[k];
    if (Array.isArray(list)) for (const branch of list) expand(branch as Schema, value, root, out, depth + 1);
  }
  return out;
}

export function schemasAt(path: YamlPath, data: unknown, root: Schema): Schema[] {
  let current = expand(root, data, root);
  let value = data;
  for (const segment of path) {
    const child = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
    const next: Schema[] = [];
    for (const s of current) {
      let sub: unknown;
      if (typeof segment === 'number') sub = s.items;
      else sub = (s.properties as Schema | undefined)?.[segment] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (sub && typeof sub === 'object') expand(sub as Schema, child, root, next);
    }
    current = next;
    value = child;
  }
  return current;
}

export function allowedKeys(path: YamlPath, data: unknown, root: Schema): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(path, data, root)) {
    if (s.properties && typeof s.properties === 'object') for (const k of Object.keys(s.properties)) keys.add(k);
  }
  return [...keys];
}

/** Names of the mutually exclusive actions at `path` (a `oneOf` whose branches each require one key). */
export function actionNames(path: YamlPath, data: unknown, root: Schema): string[] {
  for (const s of schemasAt(path, data, root)) {
    const oneOf = s.oneOf;
    if (!Array.isArray(oneOf)) continue;
    const names = oneOf.map((b) => (b as Schema).required).filter((r): r is string[] => Array.isArray(r) && r.length === 1).map((r) => r[0]!);
    if (names.length === oneOf.length && names.length > 0) return names;
  }
  return [];
}

export function identifierPattern(root: Schema): string {
  return String(((root.definitions as Schema | undefined)?.identifier as Schema | undefined)?.pattern);
}

/** The name of the definition (`#/definitions/<name>`) the value at `path` is declared with, if any. */
export function definitionAt(path: YamlPath, data: unknown, root: Schema): string | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1]!;
  for (const s of schemasAt(path.slice(0, -1), data, root)) {
    const raw = typeof last === 'number' ? s.items : ((s.properties as Schema | undefined)?.[last] ?? s.additionalProperties);
    const ref = raw && typeof raw === 'object' ? (raw as Schema).$ref : undefined;
    if (typeof ref === 'string') return ref.replace('#/definitions/', '');
  }
  return undefined;
}

export function descriptionAt(path: YamlPath, data: unknown, root: Schema): string | undefined {
  for (const s of schemasAt(path, data, root)) if (typeof s.description === 'string') return s.description;
  return undefined;
}
