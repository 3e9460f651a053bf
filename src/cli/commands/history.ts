// `runbook history`: the runs of the host's runbook home (real and sandbox), newest first.
import { hostname } from 'node:os';
import { defineCommand } from '../context.js';
import { parseHistory } from '../arguments/history.js';
import { formatDuration } from '../../engine/duration.js';
import { ExitCode } from '../../engine/errors.js';
import { findOrphans } from '../../engine/run/groups.js';
import { pidAlive } from '../../engine/run/lock.js';
import { problemWarning, type Problem } from '../../engine/run/journal-read.js';
import type { RunSummary } from '../../engine/run/resume.js';
import { readEventsTolerant } from '../../engine/run/journal.js';
import { hostOutcomes } from '../../engine/run/resume-hosts.js';
import type { HostStatus } from '../../engine/events.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import { translator, type Lang, type Translator } from '../../i18n/index.js';
import { runStatusWord, wordsCatalog } from '../../i18n/words.js';
import { showOnOneLine } from '../../ui/sanitize.js';
import { padEndWidth, stringWidth } from '../../ui/width.js';
import { listAllRuns, runRoots, type RunRoot } from '../homes.js';
import { ignoreEpipe } from '../output-streams.js';

const usage = {
  en: `Usage: runbook history [--home DIR] [--limit N] [--json]

Lists the runs journaled in the runbook home (default: RUNBOOK_HOME, else /var/lib/runbook as root,
else ~/.local/state/runbook; runs of earlier versions in ./.runbook and ./*/.runbook are listed
too), newest first: run id, status, exit code, start time, duration, sandbox, playbook. Sandbox runs
are kept apart and marked "sandbox". A run whose engine died shows as "died" ("died, step running"
while a step it started still runs). See a run with \`runbook logs <run id>\`.`,
  'zh-CN': `用法：runbook history [--home 目录] [--limit N] [--json]

列出 runbook 目录（默认：RUNBOOK_HOME，否则 root 用户为 /var/lib/runbook，其他用户为 ~/.local/state/runbook；
旧版本记录在 ./.runbook 与 ./*/.runbook 中的运行也会列出）中记录的运行，最新的在前：
运行 ID、状态、退出码、开始时间、用时、沙箱、playbook。沙箱运行单独存放，并标为“沙箱”。
引擎意外终止的运行显示为 "died"（其启动的步骤仍在执行时显示为 "died, step running"）。用 \`runbook logs <运行 ID>\` 查看详情。`,
};

/**
 * A run still marked running whose process is gone from this host: the engine died ("died, step
 * running" while a process group it started still runs: `resume` refuses until it is gone).
 */
export function displayStatus(run: RunSummary, lang?: Lang): string {
  // Without a language: the words of `--json` (stable for scripts); with one: the words every command uses.
  const word = (status: string): string => (lang ? runStatusWord(status, lang) : status);
  if (run.status === 'running' && run.host === hostname() && !pidAlive(run.pid)) {
    const orphans = findOrphans(run.dir).length > 0;
    return lang ? runStatusWord(orphans ? 'diedStepRunning' : 'died', lang) : orphans ? 'died, step running' : 'died';
  }
  if (run.mode !== 'check' && run.mode !== 'rollback') return word(run.status ?? '?');
  if (!lang) return `${run.status ?? '?'} (${run.mode})`;
  return translator(wordsCatalog, lang)(run.mode === 'check' ? 'run.check' : 'run.rollback', { status: word(run.status ?? '?') });
}

/** A run with `targets`: how its hosts ended (` (hosts 2 ok · 1 failed)`), from its events; '' for other runs. */
function hostsColumn(run: RunSummary, t: Translator<EngineKey>): string {
  if (run.hosts === undefined) return '';
  const counts = new Map<HostStatus, number>();
  for (const status of hostOutcomes(readEventsTolerant(run.dir).events).values()) counts.set(status, (counts.get(status) ?? 0) + 1);
  if (counts.size === 0) return '';
  const order: HostStatus[] = ['ok', 'failed', 'unreachable', 'rollback_failed', 'rolled_back', 'interrupted', 'not_started'];
  const parts = order.filter((s) => counts.has(s)).map((status) => t(`hostShort.${status}`, { n: counts.get(status)! }));
  return ` ${t('history.hosts', { counts: parts.join(' · ') })}`;
}

function duration(run: RunSummary): string {
  const ms = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : NaN;
  return Number.isFinite(ms) ? formatDuration(ms) : '-';
}

/** The table: each column as wide as its widest cell (CJK headers count two columns a character). */
function table(runs: readonly (RunSummary & { at: RunRoot })[], t: Translator<EngineKey>, lang: Lang): string {
  const headers = (['colRun', 'colStatus', 'colExit', 'colStarted', 'colDuration', 'colSandbox', 'colPlaybook'] as const).map((k) => t(`history.${k}`));
  const rows = runs.map((run) => [
    run.runId,
    displayStatus(run, lang),
    run.exitCode === undefined ? '-' : String(run.exitCode),
    run.startedAt.replace('T', ' ').slice(0, 19),
    duration(run),
    run.sandbox || run.at.sandbox ? t('history.sandbox') : '-',
    `${run.playbook}${run.resumedFrom ? ` ${t('history.resumes', { run: run.resumedFrom })}` : ''}${hostsColumn(run, t)}`,
    // Journal files are untrusted: nothing read from them may drive the terminal or start a row of its own (␤).
  ].map(showOnOneLine));
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : padEndWidth(cell, widths[i]! + 2))).join('').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export const command = defineCommand({
  usage,
  parse: parseHistory,
  async run({ home, limit, json }, ctx) {
    const t = engineText(ctx.lang);
    ignoreEpipe(ctx.stdout);
    const roots = runRoots(ctx, home);
    // A damaged run record is named on stderr; the other runs are still listed.
    // The warning names a file and the fields of an untrusted journal: it stays on its line.
    const warn = (problem: Problem) => ctx.stderr.write(showOnOneLine(problemWarning(problem, t)) + '\n');
    const runs = listAllRuns(roots, warn);
    for (const legacy of roots.filter((r) => r.legacy)) {
      const count = runs.filter((r) => r.at === legacy).length;
      if (count > 0) ctx.stderr.write(t('history.legacy', { count, dir: legacy.root, home: roots[0]!.home }) + '\n');
    }
    const limited = runs.slice(0, limit);
    if (json) {
      ctx.stdout.write(JSON.stringify(limited.map(({ at, ...r }) => ({ ...r, sandbox: r.sandbox || at.sandbox, status: displayStatus(r) })), null, 2) + '\n');
      return ExitCode.ok;
    }
    if (limited.length === 0) {
      ctx.stdout.write(t('history.none', { home: roots.filter((r) => !r.sandbox).map((r) => r.root).join(', ') }) + '\n');
      return ExitCode.ok;
    }
    ctx.stdout.write(table(limited, t, ctx.lang));
    return ExitCode.ok;
  },
});
