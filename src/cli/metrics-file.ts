// The metrics file of `play` and `resume` (`--metrics-file`, RUNBOOK_METRICS_FILE): which file, and what a run adds to it.
import { resolve } from 'node:path';
import type { EventOf, Reporter } from '../engine/events.js';
import type { CompiledPlan } from '../engine/plan.js';
import { cliText } from '../i18n/cli.js';
import type { CliContext } from './context.js';
import { showOnOneLine } from '../ui/sanitize.js';

/** The metrics file to update, if any: `--metrics-file`, else RUNBOOK_METRICS_FILE (relative to the working directory). */
export function metricsFileOf(option: string | undefined, ctx: CliContext): string | undefined {
  const path = option ?? (ctx.env.RUNBOOK_METRICS_FILE || undefined);
  return path === undefined ? undefined : resolve(ctx.cwd, path);
}

/** A reporter that keeps the run's `run.finished` event, for the metrics file written once the run is over. */
export function finishTap(): Reporter & { finished?: EventOf<'run.finished'> } {
  const tap: Reporter & { finished?: EventOf<'run.finished'> } = {
    onEvent: (event) => {
      if (event.type === 'run.finished') tap.finished = event;
    },
  };
  return tap;
}

/**
 * Adds the finished run to the metrics file. A file that cannot be written is said on stderr; the
 * run's exit code stays as it was. `--check` and sandbox runs change nothing real: they are not counted.
 */
export async function recordRunMetrics(file: string, plan: CompiledPlan, finished: EventOf<'run.finished'> | undefined, ctx: CliContext, checkOnly: boolean): Promise<void> {
  if (!finished || checkOnly || plan.sandbox) return;
  const { describeMetricsError, updateMetricsFile } = await import('../engine/run/metrics-file.js');
  try {
    await updateMetricsFile(file, {
      playbook: plan.playbook.name,
      status: finished.status,
      durationMs: finished.durationMs,
      rolledBack: finished.counts.rolled_back,
      rollbackFailed: finished.counts.rollback_failed,
      finishedAt: Date.parse(finished.time) || Date.now(),
    });
  } catch (error) {
    ctx.stderr.write(cliText(ctx.lang)('metrics.cannotWrite', { path: showOnOneLine(file), error: describeMetricsError(error, ctx.lang) }) + '\n');
  }
}
