// The arguments of `runbook history [--home DIR] [--limit N] [--json]`.
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { HOME_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export interface HistoryArguments {
  home: string | undefined;
  /** How many runs, newest first: `--limit N` (at least 1), else 20. */
  limit: number;
  /** `--json`: the runs as JSON, in the words scripts read. */
  json: boolean;
}

const DEFAULT_LIMIT = 20;

export function parseHistory(argv: readonly string[], ctx: ArgumentContext): Parsed<HistoryArguments> {
  const parser = new ArgumentParser('history', ctx.lang);
  const line = parser.read(argv, { ...HOME_OPTION, limit: { type: 'string' }, json: { type: 'boolean' } }, false);
  if (!line) return parser.failure();
  const { limit } = line.values;
  // `--limit` that is not a number (or is 0) lists the default count: history only reads, a typo is not worth a refusal.
  return parser.result(() => ({ home: line.values.home, limit: limit ? Math.max(1, Number(limit) || DEFAULT_LIMIT) : DEFAULT_LIMIT, json: line.values.json === true }));
}
