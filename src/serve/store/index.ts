// Opens the store a `--store` value names: `postgres://…` (several servers) or a SQLite file (default).
import { SqliteStore } from './sqlite.js';
import { PostgresStore } from './postgres.js';
import type { Store } from './types.js';

export type { Store } from './types.js';

export function storeFor(spec: string): Store {
  if (/^postgres(ql)?:\/\//.test(spec)) return new PostgresStore(spec);
  return new SqliteStore(spec.replace(/^sqlite:/, ''));
}

/** The store's address without its password, for logs. */
export function describeStore(spec: string): string {
  if (!/^postgres(ql)?:\/\//.test(spec)) return spec.replace(/^sqlite:/, '');
  try {
    const url = new URL(spec);
    if (url.password) url.password = '••••••';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}
