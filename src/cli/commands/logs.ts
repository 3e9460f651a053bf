// `runbook logs <run> [--step id]`: a run's events as readable lines, or one step's output.
import { answerText } from '../../ui/step-answer.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand, type CliContext } from '../context.js';
import { parseLogs } from '../arguments/logs.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import type { EventOf, RunEvent } from '../../engine/events.js';
import { hostname } from 'node:os';
import { findOrphans } from '../../engine/run/groups.js';
import { JournalReadError, readEventsTolerant, stepLogName, tryReadMeta, type RunMeta } from '../../engine/run/journal.js';
import { problemWarning, readBytes, type Problem } from '../../engine/run/journal-read.js';
import { pidAlive } from '../../engine/run/lock.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import { hostStatusKey } from '../../i18n/host-status.js';
import type { Lang, Translator } from '../../i18n/index.js';
import { uiText } from '../../i18n/ui.js';
import { outcomeWord, parenthetical, phaseWord, runStatusWord } from '../../i18n/words.js';
import { outputOnOneLine, sanitizeLine, sanitizeText, showOnOneLine } from '../../ui/sanitize.js';
import { findRun } from '../homes.js';
import { ignoreEpipe } from '../output-streams.js';
import { homeArg } from '../../engine/run/home.js';

/** Who answered a gate, in the words of the live view. */
const BY = { user: 'confirm.byUser', 'yes-flag': 'confirm.byYesFlag', 'no-terminal': 'confirm.byNoTerminal' } as const;

const usage = {
  en: `Usage: runbook logs <run id|last> [--host NAME] [--step ID [--raw]] [--json] [--home DIR]

Without --step: the run's events, one line each (--json: the raw events.jsonl).
With --step: that step's output log (also ID.check, ID.verify, ID.rollback for its probes and rollback).
With --host: only that target host's events, or with --step its output of the step.
  On a terminal, escape sequences and control characters in the log are neutralised; piped or
  redirected output, or --raw, gets the bytes as recorded.`,
  'zh-CN': `用法：runbook logs <运行 ID|last> [--host 名称] [--step ID [--raw]] [--json] [--home 目录]

不带 --step：逐行显示该运行的事件（--json：原始 events.jsonl）。
带 --step：显示该步骤的输出日志（ID.check、ID.verify、ID.rollback 为其探测与回滚的输出）。
带 --host：只显示该目标主机的事件；与 --step 一起使用时显示该主机上该步骤的输出。
  输出到终端时，日志中的转义序列和控制字符会被清除；输出到管道或文件，或指定 --raw 时，
  按记录的原始字节输出。`,
};

/**
 * One event as text for `logs`. Commands, reasons and output come from steps: escape sequences and
 * control characters in them are neutralised as the live reporters do, so they cannot repaint the terminal.
 */
export function describeEvent(event: RunEvent, t: Translator<EngineKey> = engineText('en'), lang: Lang = 'en', homeArg = ''): string {
  // Section titles, statuses and outcomes in the words every command uses (`── 前置条件`, `成功`).
  const ok = outcomeWord(true, lang);
  const time = outputOnOneLine(event.time.slice(11, 23));
  // A value inside the line (a name, a reason, a host, read back from an untrusted journal) stays on it: a line
  // break shows as ␤, so it cannot start a line that reads like one of these.
  const one = outputOnOneLine;
  const failed = (reason?: string) => `${t('logs.failed')} ${reason === undefined ? '' : one(reason)}`.trim();
  const rest = (() => {
    switch (event.type) {
      case 'run.started':
        return `${t(event.resumedFrom ? 'logs.runResumes' : 'logs.runStarted', { playbook: one(event.playbook.name), run: one(event.resumedFrom ?? '') })}${event.sandbox ? ` ${t('logs.sandbox')}` : ''}`;
      case 'phase.started':
        return `── ${phaseWord(event.phase, lang)}`;
      case 'phase.finished':
        return `── ${phaseWord(event.phase, lang)} ${event.ok ? ok : t('logs.failed')}`;
      case 'probe.started':
        return `${phaseWord(event.phase, lang)} ${event.index + 1}: ${one(event.name)}`;
      case 'probe.finished':
        return `${phaseWord(event.phase, lang)} ${event.index + 1}: ${event.ok ? ok : failed(event.reason)}`;
      case 'step.started':
        return `${one(event.id)}: ${t('logs.started')}${event.command ? ` $ ${event.command}` : ''}`;
      case 'step.skipped':
        return `${one(event.id)}: ${uiText(lang)(`status.${event.status}`)}${parenthetical(one(event.reason), lang)}`;
      case 'step.retrying':
        return `${one(event.id)}: ${t('logs.retry', { attempt: event.attempt, of: event.of, ms: event.delayMs, reason: one(event.reason) })}`;
      case 'step.output':
        return `${one(event.id)}: ${event.text}`;
      case 'step.verifying':
        return `${one(event.id)}: ${t('logs.verify', { attempt: event.attempt, of: event.of })}`;
      case 'step.polled':
        return `${one(event.id)}: ${t('logs.poll', { poll: event.poll, ms: event.remainingMs })}${event.reason ? ` — ${one(event.reason)}` : ''}`;
      case 'step.expanded':
        return `${one(event.id)}: ${t('forEach.expanded', { count: event.iterations.length, ids: one(event.iterations.join(', ')) })}`;
      case 'step.would_run':
        return `${one(event.id)}: ${t(event.unknown ? 'logs.unknown' : 'logs.wouldRun', { reason: one(event.reason) })}`;
      case 'step.finished':
        return `${one(event.id)}: ${event.status === 'ok' ? ok : t('logs.failed')}${event.continued ? parenthetical(t('logs.continued'), lang) : ''} · ${event.durationMs}ms${event.reason ? ` — ${one(event.reason)}` : ''}`;
      case 'confirm.requested':
        return `${one(event.id)}: ${t('logs.confirm', { message: event.message })}`;
      case 'confirm.answered':
        return `${one(event.id)}: ${t(event.accepted ? 'logs.confirmed' : 'logs.notConfirmed')}${parenthetical(event.interrupted ? 'Ctrl-C' : uiText(lang)(BY[event.by]), lang)}`;
      case 'step.answered':
        return `${one(event.id)}: ${answerText(event.answer, lang)}`;
      case 'rollback.started':
        return `${one(event.id)}: ${t('logs.rollingBack')}${event.command ? ` $ ${event.command.replace(/\n+$/, '')}` : ''}`;
      case 'rollback.finished':
        if (event.skipped) return `${one(event.id)}: ${t('logs.rollbackSkipped')}${event.reason ? parenthetical(one(event.reason), lang) : ''}`;
        return `${one(event.id)}: ${t('logs.rollback')} ${event.ok ? ok : failed(event.reason)}`;
      case 'hosts.planned':
        return t('logs.hosts', { pattern: one(event.pattern), hosts: one(event.hosts.join(', ')), batches: event.batches.length, maxFail: event.maxFail });
      case 'batch.started':
        return `── ${t('logs.batch', { batch: event.batch, of: event.of, hosts: one(event.hosts.join(', ')) })}`;
      case 'host.finished':
        return `${t(hostStatusKey(event))}${event.reason ? ` — ${one(event.reason)}` : ''}`;
      case 'interrupt.received':
        return t('logs.interrupt', { signal: event.signal, action: event.action });
      case 'run.finished':
        return `${t('logs.runFinished', { status: runStatusWord(event.status, lang), code: event.exitCode })}${event.reason ? ` — ${one(event.reason)}` : ''}`;
    }
  })();
  // A command, a gate's message or output over several lines goes on indented under the time: every line that
  // starts at the left is one of logs' own, a value with a newline cannot add one.
  const line = `${time}  ${event.host ? `[${one(event.host)}] ` : ''}${sanitizeText(rest).replace(/\n/g, `\n${' '.repeat(time.length + 2)}`)}`;
  return event.type === 'run.finished' && event.unrolled?.length ? `${line}\n${describeUnrolled(event, t, homeArg)}` : line;
}

/** A step's log (a step or probe that printed nothing has none: nothing is printed). */
function printStepLog(ctx: CliContext, dir: string, runId: string, step: string, raw: boolean, t: Translator<EngineKey>, host?: string): number {
  // A target host's log of a step is `<id>@<host>` (run/host-state.ts).
  const path = join(dir, 'steps', stepLogName(host !== undefined ? `${step}@${host}` : step));
  if (!existsSync(path)) {
    const base = step.replace(/\.(check|verify|rollback|rollback-verify)$/, '');
    if (readEventsTolerant(dir).events.some((e) => 'id' in e && e.id === base && e.host === host)) return ExitCode.ok;
    let logs: string[] = [];
    try {
      logs = readdirSync(join(dir, 'steps')).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4));
    } catch {
      // no steps/ folder: no logs
    }
    throw new UserError(t('logs.noStep', { run: runId, step, logs: logs.join(', ') || '-' }));
  }
  // A regular file only: a FIFO or a link to a device in its place would hang `logs` (journal-read.ts).
  const read = readBytes(path);
  if ('why' in read) throw new JournalReadError(path, read.why, t);
  const { bytes } = read;
  // A child's escape sequences (OSC 52 clipboard writes, clear screen, title) must not reach a terminal.
  ctx.stdout.write(ctx.stdout.isTTY === true && !raw ? sanitizeText(bytes.toString('utf8')) : bytes);
  return ExitCode.ok;
}

/**
 * The engine died (its run is still marked running, its pid gone): after the last event, name what
 * never finished — a step, a rollback (the step's state is unknown) — and a process group still running.
 */
function describeDeath(ctx: CliContext, meta: RunMeta, dir: string, runId: string, events: readonly RunEvent[], t: Translator<EngineKey>, homeArg: string): void {
  if (meta.status !== 'running' || meta.host !== hostname() || pidAlive(meta.pid)) return;
  const open = new Map<string, 'step' | 'rollback'>();
  for (const event of events) {
    // A target host's step is its own (`<id>@<host>`): each host's start needs that host's end.
    const id = 'id' in event && event.host !== undefined ? `${event.id}@${event.host}` : 'id' in event ? event.id : '';
    if (event.type === 'step.started') open.set(`s:${id}`, 'step');
    if (event.type === 'step.finished') open.delete(`s:${id}`);
    if (event.type === 'rollback.started') open.set(`r:${id}`, 'rollback');
    if (event.type === 'rollback.finished') open.delete(`r:${id}`);
  }
  for (const [key, what] of open) ctx.stdout.write(t(what === 'step' ? 'logs.stepNeverEnded' : 'logs.rollbackNeverEnded', { step: outputOnOneLine(key.slice(2)) }) + '\n');
  // groups.jsonl is untrusted too: its step and time are shown inside the line, never as control sequences.
  for (const orphan of findOrphans(dir)) {
    ctx.stdout.write(t(meta.sandbox ? 'logs.orphanSandbox' : 'logs.orphan', { step: outputOnOneLine(orphan.step), pgid: orphan.pgid, since: outputOnOneLine(orphan.since), run: runId, home: homeArg }) + '\n');
  }
}

/** The steps a failed rollback left as they are, each with the command that would have undone it. */
function describeUnrolled(event: EventOf<'run.finished'>, t: Translator<EngineKey>, homeArg: string): string {
  const lines = [`  ${event.sandbox ? t('logs.unrolledSandbox') : t('logs.unrolled', { resume: `runbook resume ${event.runId} --rollback${homeArg}` })}`];
  for (const u of event.unrolled ?? []) {
    lines.push(`    ${outputOnOneLine(u.id)}${u.name && u.name !== u.id ? ` (${outputOnOneLine(u.name)})` : ''}`);
    if (u.command) lines.push(...u.command.replace(/\n+$/, '').split('\n').map((cmd, i) => `      ${i === 0 ? '$' : ' '} ${sanitizeLine(cmd)}`));
  }
  return lines.join('\n');
}

export const command = defineCommand({
  usage,
  parse: parseLogs,
  async run(args, ctx) {
    const t = engineText(ctx.lang);
    ignoreEpipe(ctx.stdout);
    const { dir, runId, root } = findRun(ctx, args.home, args.run);
    const hint = homeArg(root.home, ctx.env);
    if (args.step !== undefined) return printStepLog(ctx, dir, runId, args.step, args.raw, t, args.host);
    if (args.json) {
      const path = join(dir, 'events.jsonl');
      const read = readBytes(path);
      if ('why' in read) throw new JournalReadError(path, read.why, t);
      ctx.stdout.write(read.bytes);
      return ExitCode.ok;
    }
    const { events, problems } = readEventsTolerant(dir);
    // A run `runbook serve` started: which alert, who approved (serve.json beside the journal).
    const { describeServeNote } = await import('../../serve/journal-note.js');
    const note = describeServeNote(dir, ctx.lang);
    if (note.lines.length > 0) ctx.stdout.write(note.lines.map(sanitizeLine).join('\n') + '\n');
    // Warnings name files and fields of an untrusted journal: each stays on its line.
    const warn = (problem: Problem) => ctx.stderr.write(showOnOneLine(problemWarning(problem, t)) + '\n');
    if (note.problem) warn({ path: join(dir, 'serve.json'), why: note.problem });
    for (const event of events) if (args.host === undefined || event.host === args.host) ctx.stdout.write(describeEvent(event, t, ctx.lang, hint) + '\n');
    const meta = tryReadMeta(dir);
    for (const problem of [...problems, ...('problem' in meta ? [meta.problem] : [])]) warn(problem);
    if ('meta' in meta) describeDeath(ctx, meta.meta, dir, runId, events, t, hint);
    return ExitCode.ok;
  },
});
