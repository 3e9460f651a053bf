// The arguments of `runbook plan <playbook> [--param name=value ...] [--format text|markdown|json] [--out FILE]`.
import { cliText } from '../../i18n/cli.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { FORMAT_OPTION, HOSTS_OPTIONS, PARAM_OPTION, readHostsOptions, readParams, type HostsArguments } from './options.js';
import { ArgumentParser } from './parser.js';
import { readSelection, SELECTION_OPTIONS } from './selection.js';
import { hasSelection, type SelectionArgs } from '../../engine/select.js';
import { selectText } from '../../i18n/select.js';

export const PLAN_FORMATS = ['text', 'markdown', 'json'] as const;

export interface PlanArguments extends HostsArguments {
  /** A file, or a name looked up in the playbook path. */
  playbook: string;
  params: Record<string, string>;
  format: (typeof PLAN_FORMATS)[number];
  /** `--out FILE`: also save the plan for `runbook play --plan FILE`. */
  out: string | undefined;
  /** `--from`, `--only`, `--skip` (absent when none is given): the plan shows the steps left out as skipped, with why. */
  selection?: SelectionArgs;
}

export function parsePlan(argv: readonly string[], ctx: ArgumentContext): Parsed<PlanArguments> {
  const parser = new ArgumentParser('plan', ctx.lang);
  const line = parser.read(argv, { ...PARAM_OPTION, ...FORMAT_OPTION, ...HOSTS_OPTIONS, out: { type: 'string', short: 'o' }, ...SELECTION_OPTIONS });
  if (!line) return parser.failure();
  const format = parser.oneOf('format', line.values.format, PLAN_FORMATS, 'text');
  if (line.positionals.length !== 1) parser.problem(cliText(ctx.lang)('plan.oneFile'), 'runbook plan runbooks/mlflow-permissions.yaml');
  const params = readParams(parser, line.values.param);
  const selection = readSelection(parser, line.values);
  if (line.values.out !== undefined && hasSelection(selection)) parser.problem(selectText(ctx.lang)('outWithSelection'));
  return parser.result(() => ({ playbook: line.positionals[0]!, params, format, out: line.values.out, ...(hasSelection(selection) ? { selection } : {}), ...readHostsOptions(line.values) }));
}
