// The arguments of `runbook resume <run id|last> [--from STEP | --rollback] [--kill-orphans] [--param name=value ...] [options]`.
import { homeArg } from '../../engine/run/home.js';
import { engineText } from '../../i18n/engine.js';
import type { ArgumentContext } from '../context.js';
import { resolveHome } from '../homes.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';
import { readRunOptions, RUN_OPTIONS, type RunArguments } from './run-options.js';
import { readSelection, RESELECTION_OPTIONS } from './selection.js';
import { hasSelection, type SelectionArgs } from '../../engine/select.js';

export interface ResumeArguments extends RunArguments {
  /** A run id (or a unique prefix of one), or `last`. */
  run: string;
  /** `--from STEP`: continue at this step. */
  from: string | undefined;
  /** `--rollback`: continue the run's rollback, not its steps. */
  rollback: boolean;
  /** `--kill-orphans`: first stop the run's process groups still running. */
  killOrphans: boolean;
  /** `--only`, `--skip`: another step selection than the run's (undefined: the run's is kept). */
  selection: SelectionArgs | undefined;
}

export function parseResume(argv: readonly string[], ctx: ArgumentContext): Parsed<ResumeArguments> {
  const t = engineText(ctx.lang);
  const parser = new ArgumentParser('resume', ctx.lang);
  const line = parser.read(argv, { ...RUN_OPTIONS, from: { type: 'string' }, rollback: { type: 'boolean' }, 'kill-orphans': { type: 'boolean' }, ...RESELECTION_OPTIONS });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  const run = readRunOptions(parser, values);
  if (positionals.length !== 1) parser.problem(t('resume.oneRun'), t('resume.noRunHint', { home: homeArg(resolveHome(ctx, values.home), ctx.env) }));
  if (values.rollback && values.from !== undefined) parser.problem(t('resume.rollbackWithFrom'));
  const selection = readSelection(parser, { only: values.only, skip: values.skip });
  return parser.result(() => ({
    ...run,
    run: positionals[0]!,
    from: values.from,
    rollback: values.rollback === true,
    killOrphans: values['kill-orphans'] === true,
    selection: hasSelection(selection) ? selection : undefined,
  }));
}
