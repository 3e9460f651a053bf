// The arguments of `runbook review [--base REF] [-o FILE] [--path FOLDER ...] [--param name=value ...]`.
import { cliText } from '../../i18n/cli.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { PARAM_OPTION, readParams } from './options.js';
import { ArgumentParser } from './parser.js';

export interface ReviewArguments {
  /** `--base REF`; undefined: the pull request's base branch, else origin/main (the command decides, from the environment). */
  base: string | undefined;
  /** `--out FILE`; undefined: standard output. */
  out: string | undefined;
  /** `--path FOLDER` (repeatable); undefined: runbooks. */
  paths: string[] | undefined;
  params: Record<string, string>;
}

export function parseReview(argv: readonly string[], ctx: ArgumentContext): Parsed<ReviewArguments> {
  const parser = new ArgumentParser('review', ctx.lang);
  const line = parser.read(argv, { base: { type: 'string', short: 'b' }, out: { type: 'string', short: 'o' }, path: { type: 'string', multiple: true }, ...PARAM_OPTION });
  if (!line) return parser.failure();
  const [extra] = line.positionals;
  if (extra !== undefined) parser.problem(cliText(ctx.lang)('review.unexpected', { argument: extra }), 'runbook review --base origin/main -o review.md');
  const params = readParams(parser, line.values.param);
  return parser.result(() => ({ base: line.values.base, out: line.values.out, paths: line.values.path, params }));
}
