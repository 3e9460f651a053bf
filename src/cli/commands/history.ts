// `runbook history`: the runs of the journal, newest first.
import { hostname } from 'node:os';
import type { Command } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { ExitCode } from '../../engine/errors.js';
import { findOrphans } from '../../engine/run/groups.js';
import { pidAlive } from '../../engine/run/lock.js';
import { listRuns, type RunSummary } from '../../engine/run/resume.js';
import { engineText } from '../../i18n/engine.js';
import { showControls } from '../../ui/sanitize.js';
import { padEndWidth } from '../../ui/width.js';
import { ignoreEpipe } from './logs.js';
import { candidateHomes } from './play.js';

const usage = {
  en: `Usage: runbook history [--home DIR] [--limit N] [--json]

Lists the runs journaled in the runbook home (default: RUNBOOK_HOME, else ./.runbook and
./*/.runbook), newest first: run id, status, exit code, start time, playbook. A run whose engine
died shows as "died" ("died, step running" while a step it started still runs). See a run with \`runbook logs <run id>\`.`,
  'zh-CN': `用法：runbook history [--home 目录] [--limit N] [--json]

列出 runbook 目录（默认：RUNBOOK_HOME，否则 ./.runbook 与 ./*/.runbook）中记录的运行，最新的在前：
运行 ID、状态、退出码、开始时间、playbook。引擎意外终止的运行显示为 "died"（其启动的步骤仍在执行时显示为 "died, step running"）。用 \`runbook logs <运行 ID>\` 查看详情。`,
};

/**
 * A run still marked running whose process is gone from this host: the engine died ("died, step
 * running" while a process group it started still runs: `resume` refuses until it is gone).
 */
export function displayStatus(run: RunSummary): string {
  if (run.status === 'running' && run.host === hostname() && !pidAlive(run.pid)) return findOrphans(run.dir).length > 0 ? 'died, step running' : 'died';
  return run.mode === 'check' ? `${run.status ?? '?'} (check)` : (run.status ?? '?');
}

export const command: Command = {
  usage,
  async run(args, ctx) {
    const t = engineText(ctx.lang);
    const { values } = parseCommandArgs('history', args, { home: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, ctx.lang, false);
    ignoreEpipe(ctx.stdout);
    const homes = candidateHomes(ctx, values.home);
    const runs = homes.flatMap((home) => listRuns(home)).sort((a, b) => (a.startedAt === b.startedAt ? (a.runId < b.runId ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1));
    const limited = runs.slice(0, values.limit ? Math.max(1, Number(values.limit) || 20) : 20);
    if (values.json) {
      ctx.stdout.write(JSON.stringify(limited.map((r) => ({ ...r, status: displayStatus(r) })), null, 2) + '\n');
      return ExitCode.ok;
    }
    if (limited.length === 0) {
      ctx.stdout.write(t('history.none', { home: homes.join(', ') || '.runbook' }) + '\n');
      return ExitCode.ok;
    }
    ctx.stdout.write(t('history.header') + '\n');
    for (const run of limited) {
      const exit = run.exitCode === undefined ? '-' : String(run.exitCode);
      const started = run.startedAt.replace('T', ' ').slice(0, 19);
      // Journal files are untrusted: nothing read from them may drive the terminal.
      const line = `${padEndWidth(run.runId, 23)}${padEndWidth(displayStatus(run), 21)}${padEndWidth(exit, 6)}${padEndWidth(started, 22)}${run.playbook}${run.resumedFrom ? ` ${t('history.resumes', { run: run.resumedFrom })}` : ''}`;
      ctx.stdout.write(`${showControls(line)}\n`);
    }
    return ExitCode.ok;
  },
};
