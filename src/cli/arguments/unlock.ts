// The arguments of `runbook unlock <lock id> [--force] [--home DIR]` and `runbook unlock --list [--home DIR]`.
import { engineText } from '../../i18n/engine.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { HOME_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export interface UnlockArguments {
  home: string | undefined;
  /** List the locks, or remove one (`--force`: even when its holder runs on this host). */
  action: { list: true } | { list: false; lockId: string; force: boolean };
}

export function parseUnlock(argv: readonly string[], ctx: ArgumentContext): Parsed<UnlockArguments> {
  const parser = new ArgumentParser('unlock', ctx.lang);
  const line = parser.read(argv, { force: { type: 'boolean' }, list: { type: 'boolean' }, ...HOME_OPTION });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  if (!values.list && positionals.length !== 1) parser.problem(engineText(ctx.lang)('unlock.oneId'));
  return parser.result(() => ({
    home: values.home,
    action: values.list ? { list: true } : { list: false, lockId: positionals[0]!, force: values.force === true },
  }));
}
