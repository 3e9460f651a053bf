// Pure layout for the Ink view: how wide the label column is and how a row's parts fit a terminal width.
import { formatDuration, type RowStatus } from '../format.js';
import type { RowView, RunView } from '../run-view.js';
import { stringWidth, truncateWidth } from '../width.js';
import type { UiTranslator, UiKey } from '../../i18n/ui.js';

/** Columns before the label: two spaces of indent, the icon, a space. */
export const ROW_INDENT = 4;
const TIME_WIDTH = 6;
/** Below this many free columns the detail (reason, retry) goes on its own line. */
const MIN_INLINE_DETAIL = 14;

export const statusColor: Record<RowStatus, string | undefined> = {
  pending: 'gray',
  running: 'cyan',
  ok: 'green',
  already_done: 'gray',
  skipped: 'gray',
  failed: 'red',
  rolling_back: 'yellow',
  rolled_back: 'yellow',
  rollback_failed: 'red',
  would_run: 'blue',
  unknown: 'magenta',
};

export function rowLabel(row: RowView): string {
  const indent = '  '.repeat(row.depth ?? 0);
  return row.index !== undefined && row.total !== undefined ? `${indent}${row.index}/${row.total} ${row.label}` : `${indent}${row.label}`;
}

/** One label column for the whole run so that times line up, by display width (CJK = 2 columns). */
export function labelColumnWidth(view: RunView, columns: number): number {
  let widest = 8;
  for (const row of view.rows) widest = Math.max(widest, stringWidth(rowLabel(row)));
  const cap = Math.max(8, Math.floor(columns * 0.5));
  return Math.min(widest, cap);
}

export interface RowParts {
  label: string;
  time: string;
  detail: string;
  /** Detail too long for the line: print it on the next one, indented. */
  detailBelow: boolean;
}

/** The detail a row shows: live progress while running, the reason once finished. */
export function rowDetail(row: RowView, t: UiTranslator): string {
  const parts: string[] = [];
  if (row.status === 'running' || row.status === 'rolling_back') {
    if (row.status === 'rolling_back') parts.push(t('status.rolling_back'));
    if (row.retry) parts.push(`${t('step.retry', { attempt: row.retry.attempt, of: row.retry.of })}: ${row.retry.reason}`);
    if (row.verify) parts.push(t('step.verify', { attempt: row.verify.attempt, of: row.verify.of }));
    return parts.join(' · ');
  }
  if (row.status !== 'ok' && row.status !== 'pending') parts.push(t(`status.${row.status}` as UiKey));
  if (row.status === 'failed' && row.exitCode !== undefined && !row.reason) parts.push(t('step.exitCode', { code: row.exitCode }));
  if (row.attempts !== undefined && row.attempts > 1) parts.push(t('step.attempts', { attempts: row.attempts }));
  if (row.reason) parts.push(row.reason);
  if (row.continued) parts.push(t('step.continued'));
  return parts.join(' · ');
}

export function rowTime(row: RowView, now: number): string {
  if (row.durationMs !== undefined) return formatDuration(row.durationMs);
  if ((row.status === 'running' || row.status === 'rolling_back') && row.startedAt !== undefined) {
    return formatDuration(now - row.startedAt);
  }
  return '';
}

/** Fits label, time and detail into `columns`, keeping the label column aligned. */
export function layoutRow(label: string, time: string, detail: string, labelWidth: number, columns: number): RowParts {
  const width = Math.max(10, columns);
  const labelCol = Math.min(labelWidth, Math.max(4, width - ROW_INDENT - TIME_WIDTH - 2));
  const fittedLabel = truncateWidth(label, labelCol);
  const padded = fittedLabel + ' '.repeat(Math.max(0, labelCol - stringWidth(fittedLabel)));
  // With a detail, an empty time column keeps the details of all rows aligned.
  const timeText = time || detail ? `  ${time.padStart(TIME_WIDTH - 1)}` : '';
  const used = ROW_INDENT + labelCol + stringWidth(timeText);
  const free = width - used - 2;
  if (!detail) return { label: padded, time: timeText, detail: '', detailBelow: false };
  if (stringWidth(detail) <= free || free >= MIN_INLINE_DETAIL) {
    return { label: padded, time: timeText, detail: truncateWidth(detail, Math.max(0, free)), detailBelow: false };
  }
  return { label: padded, time: timeText, detail, detailBelow: true };
}

/** Greedy packing of `name=value` items into lines no wider than `width`. */
export function packItems(items: string[], width: number, separator = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const raw of items) {
    const item = truncateWidth(raw, width);
    if (line && stringWidth(line) + stringWidth(separator) + stringWidth(item) > width) {
      lines.push(line);
      line = item;
    } else {
      line = line ? `${line}${separator}${item}` : item;
    }
  }
  if (line) lines.push(line);
  return lines;
}
