// Shared formatting for reporters: durations, status icons, spinner frames, masked parameter values.
import type { EventOf } from '../engine/events.js';
import { MASK } from '../engine/redact.js';
import { homeArg, homeOfJournal } from '../engine/run/home.js';
import { showOnOneLine } from './sanitize.js';

/** What a row of the step list can show (the engine's statuses plus the live ones). */
export type RowStatus =
  | 'pending'
  | 'running'
  | 'ok'
  | 'already_done'
  | 'skipped'
  | 'failed'
  | 'rolling_back'
  | 'rolled_back'
  | 'rollback_failed'
  | 'would_run'
  | 'unknown';

/** One column wide both for string-width (Ink's layout) and real terminals (✔/✖ are not: emoji width). */
export const statusIcons: Record<RowStatus, string> = {
  pending: '○',
  running: '◐',
  ok: '✓',
  already_done: '≡',
  skipped: '↷',
  failed: '✗',
  rolling_back: '↺',
  rolled_back: '↺',
  rollback_failed: '!',
  would_run: '▷',
  unknown: '?',
};

export const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** Spinner frame for a clock value (a pure function of time, so tests with a fixed clock are stable). */
export function spinnerFrame(nowMs: number): string {
  return spinnerFrames[Math.floor(nowMs / 80) % spinnerFrames.length]!;
}

/** 350 → "0.4s", 12_345 → "12.3s", 125_000 → "2m05s", 3_725_000 → "1h02m". */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const totalSeconds = Math.round(safe / 1000);
  if (totalSeconds < 3600) {
    const m = Math.floor(totalSeconds / 60);
    const s = totalSeconds % 60;
    return `${m}m${String(s).padStart(2, '0')}s`;
  }
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  return `${h}h${String(m).padStart(2, '0')}m`;
}

/** A parameter as the header shows it, on its line: secrets are never displayed, whatever their value. */
export function formatParam(param: { name: string; value: unknown; secret: boolean }): string {
  if (param.secret) return `${param.name}=${MASK}`;
  return `${param.name}=${param.value === undefined ? '' : showOnOneLine(String(param.value))}`;
}

/**
 * The commands to run next, for the summary of every reporter. Each works when pasted into any shell,
 * from any directory: `--home` is added when the run's home is not the default one. A sandbox run is
 * never offered `resume` (its sandbox is gone).
 */
export function nextCommands(event: EventOf<'run.finished'>, env: NodeJS.ProcessEnv = process.env): string[] {
  const home = homeArg(homeOfJournal(event.journalDir), env);
  const next: string[] = [];
  if (event.failedStep) next.push(`runbook logs ${event.runId} --step ${event.failedStep}${home}`);
  if (event.sandbox) return next;
  // After a failed rollback, continue the rollback (once the cause is fixed), not the steps.
  if (event.status === 'rollback_failed') next.push(`runbook resume ${event.runId} --rollback${home}`);
  else if (event.status === 'interrupted' || event.status === 'gate_stopped') next.push(`runbook resume ${event.runId}${home}`);
  return next;
}
