// Runs a compiled plan for `play` and `resume`: the reporter the output options choose, the engine, the signal bridge.
import type { CompiledPlan } from '../engine/plan.js';
import { runPlan, type RunOptions, type RunResult } from '../engine/run/runner.js';
import type { InterruptSource } from '../engine/run/signals.js';
import type { CliContext } from './context.js';
import type { RunArguments } from './arguments/run-options.js';
import { finishTap, metricsFileOf, recordRunMetrics } from './metrics-file.js';

/** How the run is shown (`--output`, `--quiet`) and recorded (`--metrics-file`). */
export type ShowOptions = Pick<RunArguments, 'output' | 'quiet'> & Partial<Pick<RunArguments, 'metricsFile'>>;

/** What the engine is told, apart from what this module adds (the reporter, the interrupts, whether a person can answer). */
export type EngineOptions = Omit<RunOptions, 'reporter' | 'interrupts' | 'interactive'>;

/** Creates the reporter (Ink, plain lines or NDJSON: src/ui/reporter.ts chooses) and runs the plan with the given signal bridge. */
export async function executePlan(plan: CompiledPlan, ctx: CliContext, show: ShowOptions, run: EngineOptions, interrupts: InterruptSource): Promise<RunResult> {
  // Imported when a run starts, so that an argument error or a refused resume never loads the reporters.
  const { createReporter } = await import('../ui/reporter.js');
  const reporter = await createReporter({ output: show.output, quiet: show.quiet, lang: ctx.lang, stdout: ctx.stdout, stderr: ctx.stderr, stdin: ctx.stdin, env: ctx.env, plan });
  const metricsFile = metricsFileOf(show.metricsFile, ctx);
  const tap = metricsFile ? finishTap() : undefined;
  const result = await runPlan(plan, { ...run, reporter: tap ? [reporter, tap] : reporter, interactive: ctx.stdin.isTTY === true, interrupts, lang: ctx.lang });
  if (metricsFile) await recordRunMetrics(metricsFile, plan, tap?.finished, ctx, run.checkOnly === true);
  return result;
}
