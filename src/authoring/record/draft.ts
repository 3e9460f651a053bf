// A recorded session → a draft: one step per command, reads as probes, secrets out, repeated values as params.
import { hostname } from 'node:os';
import { buildDraft, type SourceCommand } from '../build.js';
import type { Draft } from '../draft.js';
import { isNoise, type RecordedCommand } from './log.js';
import type { AuthoringText } from '../../i18n/authoring.js';

export interface RecordDraftOptions {
  name: string;
  /** Where the session started; commands run elsewhere get `cwd:`. */
  baseCwd: string;
  t: AuthoringText;
  now?: Date;
  host?: string;
}

/** The draft of a session (undefined when nothing worth a step was typed). */
export function recordedDraft(commands: readonly RecordedCommand[], options: RecordDraftOptions): Draft | undefined {
  const kept = commands.filter((c) => c.command.trim() && !isNoise(c.command));
  if (kept.length === 0) return undefined;
  const sources: SourceCommand[] = [];
  for (const c of kept) {
    const last = sources[sources.length - 1];
    // The same command again in the same place (polling a health check): one command with retries.
    if (last && last.command === c.command.trim() && last.cwd === c.cwd && last.exitCode !== 0) {
      last.repeats = (last.repeats ?? 1) + 1;
      last.exitCode = c.exitCode;
      last.durationMs = c.durationMs;
      continue;
    }
    sources.push({ command: c.command.trim(), cwd: c.cwd, exitCode: c.exitCode, durationMs: c.durationMs });
  }
  const time = (options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z');
  const host = options.host ?? hostname();
  const draft = buildDraft({
    name: options.name,
    title: options.t('record.title', { time }),
    description: options.t('record.description', { host, time, cwd: options.baseCwd }),
    commands: sources,
    mode: 'record',
    baseCwd: options.baseCwd,
    header: [options.t('header.recorded', { host, time, count: kept.length }), options.t('header.hidden')],
    tags: ['draft', 'recorded'],
    t: options.t,
  });
  return draft;
}
