// Pure layout for the Ink view: how wide the label column is and how a row's parts fit a terminal width.
import { formatDuration, type RowStatus } from '../format.js';
import { rowLabel, type RowView, type RunView } from '../run-view.js';
import { stringWidth, truncateWidth, wrapWidth } from '../width.js';
import type { UiTranslator, UiKey } from '../../i18n/ui.js';

/** Columns before the label: two spaces of indent, the icon, a space. */
export const ROW_INDENT = 4;
const TIME_WIDTH = 6;
/** Below this many free columns a detail longer than the line goes on the lines below, not in a narrow column. */
const MIN_DETAIL_COLUMN = 30;
/** Indent of a detail printed below its row. */
export const DETAIL_BELOW_INDENT = 6;

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

export { rowLabel };

/** One label column for the whole run so that times line up, by display width (CJK = 2 columns); kept as rows change. */
export function labelColumnWidth(view: RunView, columns: number): number {
  const cap = Math.max(8, Math.floor(columns * 0.5));
  return Math.min(Math.max(8, view.index.widest), cap);
}

export interface RowParts {
  label: string;
  time: string;
  /** The detail, wrapped to the columns it has. */
  detail: string[];
  /** Too little room beside the label: the detail goes on the next lines, indented. */
  detailBelow: boolean;
}

/** The detail a row shows: live progress while running (a wait's poll and time left), the reason once finished. */
export function rowDetail(row: RowView, t: UiTranslator, now = 0): string {
  const parts: string[] = [];
  if (row.status === 'running' || row.status === 'rolling_back') {
    if (row.status === 'rolling_back') parts.push(t('status.rolling_back'));
    if (row.retry) parts.push(`${t('step.retry', { attempt: row.retry.attempt, of: row.retry.of })}: ${row.retry.reason}`);
    if (row.verify) parts.push(t('step.verify', { attempt: row.verify.attempt, of: row.verify.of }));
    if (row.wait) {
      parts.push(t('wait.poll', { poll: row.wait.poll }), t('wait.left', { time: formatDuration(Math.max(0, row.wait.deadline - now)) }));
      if (row.wait.reason) parts.push(row.wait.reason);
    }
    return parts.join(' · ');
  }
  if (row.status !== 'ok' && row.status !== 'pending') parts.push(t(`status.${row.status}` as UiKey));
  if (row.status === 'failed' && row.exitCode !== undefined && !row.reason) parts.push(t('step.exitCode', { code: row.exitCode }));
  if (row.attempts !== undefined && row.attempts > 1) parts.push(t('step.attempts', { attempts: row.attempts }));
  if (row.wait && row.wait.poll > 1 && row.status === 'ok') parts.push(t('wait.polls', { count: row.wait.poll }));
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

/**
 * Fits label and time into `columns`, keeping the label column aligned. The detail is never cut: it goes
 * beside them, wrapped in its own column, or (too narrow a column left) on the lines below.
 */
export function layoutRow(label: string, time: string, detail: string, labelWidth: number, columns: number): RowParts {
  const width = Math.max(10, columns);
  const labelCol = Math.min(labelWidth, Math.max(4, width - ROW_INDENT - TIME_WIDTH - 2));
  const fittedLabel = truncateWidth(label, labelCol);
  const padded = fittedLabel + ' '.repeat(Math.max(0, labelCol - stringWidth(fittedLabel)));
  // With a detail, an empty time column keeps the details of all rows aligned.
  const timeText = time || detail ? `  ${time.padStart(TIME_WIDTH - 1)}` : '';
  const used = ROW_INDENT + labelCol + stringWidth(timeText);
  const free = width - used - 2;
  if (!detail) return { label: padded, time: timeText, detail: [], detailBelow: false };
  const below = stringWidth(detail) > free && free < MIN_DETAIL_COLUMN;
  return { label: padded, time: timeText, detail: wrapWidth(detail, below ? width - DETAIL_BELOW_INDENT : free), detailBelow: below };
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
