// JSON paths as playbooks write them (`status`, `data.items[0].id`, `items.0.id`) and deep equality.

/** Splits `data.items[0].id` into ['data', 'items', 0, 'id']. */
export function parseJsonPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const segment of path.split('.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(segment);
    if (!match) {
      parts.push(segment);
      continue;
    }
    if (match[1]) parts.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

/** The value at `path`, or `undefined` (with `found: false`) when any part is missing. */
export function getJsonPath(value: unknown, path: string): { found: boolean; value: unknown } {
  let current: unknown = value;
  for (const part of parseJsonPath(path)) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    const record = current as Record<string | number, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, part)) return { found: false, value: undefined };
    current = record[part];
  }
  return { found: true, value: current };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
