// The arguments of `runbook logs <run id|last> [--host NAME] [--step ID [--raw]] [--json] [--home DIR]`.
import { engineText } from '../../i18n/engine.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { HOME_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export interface LogsArguments {
  /** A run id (or a unique prefix of one), or `last`. */
  run: string;
  /** `--step ID`: that step's output log instead of the events. */
  step: string | undefined;
  /** `--host NAME`: only that target host's events, or (with --step) its log of the step. */
  host: string | undefined;
  /** `--raw`: the log's bytes as recorded, even on a terminal. */
  raw: boolean;
  /** `--json`: the raw events.jsonl. */
  json: boolean;
  home: string | undefined;
}

export function parseLogs(argv: readonly string[], ctx: ArgumentContext): Parsed<LogsArguments> {
  const parser = new ArgumentParser('logs', ctx.lang);
  const line = parser.read(argv, { step: { type: 'string' }, host: { type: 'string' }, json: { type: 'boolean' }, raw: { type: 'boolean' }, ...HOME_OPTION });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  if (positionals.length !== 1) parser.problem(engineText(ctx.lang)('logs.oneRun'));
  return parser.result(() => ({ run: positionals[0]!, step: values.step, host: values.host, raw: values.raw === true, json: values.json === true, home: values.home }));
}
