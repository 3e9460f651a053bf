// `-p, --param name=value` (repeatable): defined once for every command that takes parameters (plan, play, resume, diff, review).
import { parseParamArgs } from '../../engine/params.js';
import { cliText } from '../../i18n/cli.js';
import type { ArgumentParser, OptionSpecs } from './parser.js';

export const PARAM_OPTION = { param: { type: 'string', short: 'p', multiple: true } } as const satisfies OptionSpecs;

/** The `--param name=value` pairs as a record (the value may hold `=`); a pair without a name is a problem. */
export function readParams(parser: ArgumentParser, pairs: readonly string[] | undefined): Record<string, string> {
  try {
    return parseParamArgs(pairs ?? [], parser.lang);
  } catch (error) {
    const t = cliText(parser.lang);
    parser.problem(t('badParam', { command: parser.command, reason: (error as Error).message }), t('paramHint'));
    return {};
  }
}
