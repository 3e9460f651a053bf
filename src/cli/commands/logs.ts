// `runbook logs <run> [--step id]`: a run's events as readable lines, or one step's output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../context.js';
import { parseCommandArgs } from '../args.js';
import { ExitCode, UserError } from '../../engine/errors.js';
import type { RunEvent } from '../../engine/events.js';
import { readEvents, runDir, stepLogName } from '../../engine/run/journal.js';
import { resolveRunId } from '../../engine/run/resume.js';
import { engineText } from '../../i18n/engine.js';
import { candidateHomes } from './play.js';

const usage = {
  en: `Usage: runbook logs <run id|last> [--step ID] [--json] [--home DIR]

Without --step: the run's events, one line each (--json: the raw events.jsonl).
With --step: that step's output log (also ID.check, ID.verify, ID.rollback for its probes and rollback).`,
  'zh-CN': `用法：runbook logs <运行 ID|last> [--step ID] [--json] [--home 目录]

不带 --step：逐行显示该运行的事件（--json：原始 events.jsonl）。
带 --step：显示该步骤的输出日志（ID.check、ID.verify、ID.rollback 为其探测与回滚的输出）。`,
};

/** One event as a line of text for `logs`. */
export function describeEvent(event: RunEvent): string {
  const time = event.time.slice(11, 23);
  const rest = (() => {
    switch (event.type) {
      case 'run.started':
        return `run started: ${event.playbook.name}${event.resumedFrom ? ` (resumes ${event.resumedFrom})` : ''}`;
      case 'phase.started':
        return `── ${event.phase}`;
      case 'phase.finished':
        return `── ${event.phase} ${event.ok ? 'ok' : 'failed'}`;
      case 'probe.started':
        return `${event.phase} ${event.index + 1}: ${event.name}`;
      case 'probe.finished':
        return `${event.phase} ${event.index + 1}: ${event.ok ? 'ok' : `FAILED ${event.reason ?? ''}`}`;
      case 'step.started':
        return `${event.id}: started${event.command ? ` $ ${event.command}` : ''}`;
      case 'step.skipped':
        return `${event.id}: ${event.status} (${event.reason})`;
      case 'step.retrying':
        return `${event.id}: retry ${event.attempt}/${event.of} in ${event.delayMs}ms (${event.reason})`;
      case 'step.output':
        return `${event.id}: ${event.text}`;
      case 'step.verifying':
        return `${event.id}: verify ${event.attempt}/${event.of}`;
      case 'step.would_run':
        return `${event.id}: would run (${event.reason})`;
      case 'step.finished':
        return `${event.id}: ${event.status}${event.continued ? ' (continued)' : ''} in ${event.durationMs}ms${event.reason ? ` — ${event.reason}` : ''}`;
      case 'confirm.requested':
        return `${event.id}: confirm? ${event.message}`;
      case 'confirm.answered':
        return `${event.id}: ${event.accepted ? 'confirmed' : 'not confirmed'} (${event.by})`;
      case 'rollback.started':
        return `${event.id}: rolling back`;
      case 'rollback.finished':
        return `${event.id}: rollback ${event.ok ? 'ok' : `FAILED ${event.reason ?? ''}`}`;
      case 'interrupt.received':
        return `${event.signal} received: ${event.action}`;
      case 'run.finished':
        return `run finished: ${event.status} (exit ${event.exitCode})${event.reason ? ` — ${event.reason}` : ''}`;
    }
  })();
  return `${time}  ${rest}`;
}

export const command: Command = {
  summary: { en: 'Show the events and step output of a run', 'zh-CN': '显示某次运行的事件与步骤输出' },
  usage,
  async run(args, ctx) {
    const t = engineText(ctx.lang);
    const { values, positionals } = parseCommandArgs('logs', args, { step: { type: 'string' }, json: { type: 'boolean' }, home: { type: 'string' } });
    if (positionals.length !== 1) throw new UserError(t('logs.oneRun'));
    const homes = candidateHomes(ctx, values.home);
    let dir: string | undefined;
    let runId: string | undefined;
    for (const home of homes) {
      runId = resolveRunId(home, positionals[0]!);
      if (runId) {
        dir = runDir(home, runId);
        break;
      }
    }
    if (!dir || !runId) throw new UserError(t('resume.noRun', { run: positionals[0]!, home: homes.join(', ') || '.runbook' }), { hint: t('resume.noRunHint') });
    if (values.step !== undefined) {
      const path = join(dir, 'steps', stepLogName(values.step));
      if (!existsSync(path)) {
        // A step (or probe) that printed nothing has no log file.
        const base = values.step.replace(/\.(check|verify|rollback|rollback-verify)$/, '');
        if (readEvents(dir).some((e) => 'id' in e && e.id === base)) return ExitCode.ok;
        const logs = readdirSync(join(dir, 'steps')).filter((f) => f.endsWith('.log')).map((f) => f.slice(0, -4));
        throw new UserError(t('logs.noStep', { run: runId, step: values.step, logs: logs.join(', ') || '-' }));
      }
      ctx.stdout.write(readFileSync(path));
      return ExitCode.ok;
    }
    if (values.json) {
      ctx.stdout.write(readFileSync(join(dir, 'events.jsonl')));
      return ExitCode.ok;
    }
    for (const event of readEvents(dir)) ctx.stdout.write(describeEvent(event) + '\n');
    return ExitCode.ok;
  },
};
