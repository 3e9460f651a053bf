// The arguments of `runbook play <playbook> [--param name=value ...] [options]` (or `--plan saved.json`).
import { engineText } from '../../i18n/engine.js';
import { sandboxText } from '../../i18n/sandbox.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';
import { readRunOptions, RUN_OPTIONS, type RunArguments } from './run-options.js';
import { readSelection, SELECTION_OPTIONS } from './selection.js';
import { hasSelection, type SelectionArgs } from '../../engine/select.js';
import { selectText } from '../../i18n/select.js';

export interface PlayArguments extends RunArguments {
  /** What runs: a playbook (a file, or a name looked up in the playbook path), or a plan saved by `runbook plan --out`. */
  source: { playbook: string } | { savedPlan: string };
  /** `--check`: only the preconditions and check probes. */
  check: boolean;
  /**
   * `--sandbox [--sandbox-fault NAME]`: against the built-in simulated stack; with `--sandbox-attach DIR`,
   * the one another process keeps up (`runbook serve --sandbox`) instead of a new one.
   */
  sandbox: { fault: string | undefined; attach?: string } | undefined;
  /** `--from`, `--only`, `--skip` (absent when none is given): which steps run. */
  selection?: SelectionArgs;
  /** `--step`: ask before each step (run, skip, continue without asking, quit). */
  step?: true;
}

export function parsePlay(argv: readonly string[], ctx: ArgumentContext): Parsed<PlayArguments> {
  const t = engineText(ctx.lang);
  const parser = new ArgumentParser('play', ctx.lang);
  const line = parser.read(argv, {
    ...RUN_OPTIONS,
    check: { type: 'boolean' },
    sandbox: { type: 'boolean' },
    'sandbox-fault': { type: 'string' },
    'sandbox-attach': { type: 'string' },
    plan: { type: 'string' },
    ...SELECTION_OPTIONS,
    step: { type: 'boolean' },
  });
  if (!line) return parser.failure();
  const { values, positionals } = line;
  const run = readRunOptions(parser, values);
  if (values['sandbox-fault'] !== undefined && !values.sandbox) parser.problem(t('play.faultNeedsSandbox'));
  if (values['sandbox-attach'] !== undefined && !values.sandbox) parser.problem(sandboxText(ctx.lang)('attach.needsSandbox'));
  if (values['sandbox-attach'] !== undefined && values['sandbox-fault'] !== undefined) parser.problem(sandboxText(ctx.lang)('attach.noFault'));
  if (values.plan !== undefined && values.check) parser.problem(t('play.checkWithPlan'));
  const selection = readSelection(parser, values);
  if (values.step && run.output === 'json') parser.problem(selectText(ctx.lang)('step.withJson'));
  if (values.step && values.check) parser.problem(selectText(ctx.lang)('step.withYes'));
  // With --plan, the plan names its playbook.
  if (positionals.length > 1 || (positionals.length === 0 && values.plan === undefined)) {
    parser.problem(t('play.oneFile'), 'runbook play runbooks/mlflow-permissions.yaml');
  }
  return parser.result(() => ({
    ...run,
    source: values.plan !== undefined ? { savedPlan: values.plan } : { playbook: positionals[0]! },
    check: values.check === true,
    ...(hasSelection(selection) ? { selection } : {}),
    ...(values.step === true ? { step: true as const } : {}),
    sandbox: values.sandbox
      ? { fault: values['sandbox-fault'], ...(values['sandbox-attach'] !== undefined ? { attach: values['sandbox-attach'] } : {}) }
      : undefined,
  }));
}
