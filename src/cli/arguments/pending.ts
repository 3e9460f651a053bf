// The arguments of `runbook pending [--all] [--json] [--server URL] [--token-file FILE]`.
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { readServerOptions, SERVER_OPTIONS, type ServerConnection } from './options.js';
import { ArgumentParser } from './parser.js';

export interface PendingArguments {
  /** `--all`: every request the server knows, not only the pending ones. */
  all: boolean;
  /** `--json`: the server's answer as JSON. */
  json: boolean;
  connection: ServerConnection;
}

export function parsePending(argv: readonly string[], ctx: ArgumentContext): Parsed<PendingArguments> {
  const parser = new ArgumentParser('pending', ctx.lang);
  const line = parser.read(argv, { all: { type: 'boolean' }, json: { type: 'boolean' }, ...SERVER_OPTIONS }, false);
  if (!line) return parser.failure();
  const { values } = line;
  return parser.result(() => ({ all: values.all === true, json: values.json === true, connection: readServerOptions(values) }));
}
