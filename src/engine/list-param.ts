// List parameters (`type: array`): the text forms a list is given in, and the checks of its items.
import type { Param } from './playbook.gen.js';
import type { ParamValue, ScalarValue } from './plan.js';

/** The spec of a list's items, as a scalar parameter's (type, enum, pattern, min, max). */
export type ItemSpec = NonNullable<Param['items']>;

/**
 * A list from what was given: a YAML list as is; text as a JSON array (`["api","mlflow"]`) when it
 * starts with `[`, else comma-separated (`api,mlflow`; blanks around items dropped; `` is the empty list).
 * Undefined when the text is not a list (bad JSON, or JSON items that are not scalars).
 */
export function parseList(raw: ParamValue): ScalarValue[] | undefined {
  if (Array.isArray(raw)) return raw;
  const text = String(raw).trim();
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every(isScalar)) return undefined;
    return parsed as ScalarValue[];
  }
  if (text === '') return [];
  return text.split(',').map((item) => item.trim());
}

function isScalar(value: unknown): value is ScalarValue {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
}

/** The name of a list's item in messages: `services[2]` (1-based, as people count). */
export const itemName = (name: string, index: number): string => `${name}[${index + 1}]`;

/** A scalar parameter spec for the items of a list parameter (what coerce and checkConstraints read). */
export function itemSpec(spec: Param): Param {
  return { type: spec.items?.type ?? 'string', ...(spec.items ?? {}) };
}
