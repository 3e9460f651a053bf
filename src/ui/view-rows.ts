// The rows of the run view, indexed: added, found and moved from status to status without walking every row,
// and the window of rows still to come.
import type { Phase } from '../engine/events.js';
import type { RowStatus } from './format.js';
import type { RowView, RunView } from './run-view.js';
import { stringWidth } from './width.js';

/** Bookkeeping kept as rows change, so that events and frames cost the same at step 5 and step 5,000. */
export interface ViewIndex {
  byKey: Map<string, RowView>;
  /** Rows running or rolling back, in the order they started. */
  active: RowView[];
  /** No row before this position is pending in an open phase. */
  pendingFrom: number;
  pending: Record<Phase, number>;
  /** Display width of the widest row label. */
  widest: number;
  lastPhase?: Phase;
  /** Rows of the steps phase: how many, how many finished, how many failed. */
  steps: { total: number; finished: number; failed: number };
}

export function createIndex(): ViewIndex {
  return {
    byKey: new Map(),
    active: [],
    pendingFrom: 0,
    pending: { preconditions: 0, steps: 0, postconditions: 0, rollback: 0, finally: 0, hooks: 0 },
    widest: 0,
    steps: { total: 0, finished: 0, failed: 0 },
  };
}

/** The label a row shows: position and name, indented under the including step. */
export function rowLabel(row: RowView): string {
  const indent = '  '.repeat(row.depth ?? 0);
  return row.index !== undefined && row.total !== undefined ? `${indent}${row.index}/${row.total} ${row.label}` : `${indent}${row.label}`;
}

/** Its label may have changed: the label column grows to fit it. */
export function measure(view: RunView, row: RowView): void {
  view.index.widest = Math.max(view.index.widest, stringWidth(rowLabel(row)));
}

export function addRow(view: RunView, row: RowView, at: number): RowView {
  if (at === view.rows.length) view.rows.push(row);
  else view.rows.splice(at, 0, row);
  const index = view.index;
  index.byKey.set(row.key, row);
  if (row.status === 'pending') index.pending[row.phase]++;
  if (row.phase === 'steps') index.steps.total++;
  measure(view, row);
  return row;
}

const isLive = (status: RowStatus): boolean => status === 'running' || status === 'rolling_back';
const isFinished = (status: RowStatus): boolean => status !== 'pending' && !isLive(status);

/** Every status change goes through here: the counts and the list of active rows follow it. */
export function setStatus(view: RunView, row: RowView, status: RowStatus): void {
  const before = row.status;
  if (before === status) return;
  const index = view.index;
  if (before === 'pending') index.pending[row.phase]--;
  if (isLive(before) && !isLive(status)) index.active.splice(index.active.indexOf(row), 1);
  if (isLive(status) && !isLive(before)) index.active.push(row);
  if (row.phase === 'steps' && isFinished(status) && !isFinished(before)) {
    index.steps.finished++;
    if (status === 'failed') index.steps.failed++;
  }
  row.status = status;
}

export function findRow(view: RunView, key: string): RowView | undefined {
  return view.index.byKey.get(key);
}

/** Finds a row by step id in the phases where steps run (and rollback rows are separate). */
export function findStep(view: RunView, id: string): RowView | undefined {
  return findRow(view, `steps:${id}`) ?? findRow(view, `finally:${id}`);
}

const PHASE_RANK: Record<Phase, number> = { preconditions: 0, steps: 1, postconditions: 2, rollback: 3, finally: 4, hooks: 5 };

export function ensureRow(view: RunView, row: RowView): RowView {
  const existing = findRow(view, row.key);
  if (existing) return existing;
  // A row the plan did not list: after its parent's rows if it has one, else at the end of its phase.
  // Searched from the end, where such rows (rollbacks, finally) go: later phases are short.
  let at = view.rows.length - 1;
  for (; at >= 0; at--) {
    const r = view.rows[at]!;
    const sameFamily = row.parent ? r.id === row.parent || r.id.startsWith(`${row.parent}.`) : true;
    if (PHASE_RANK[r.phase] < PHASE_RANK[row.phase] || (r.phase === row.phase && sameFamily)) break;
  }
  return addRow(view, row, at + 1);
}

/** The label of a step, for notices that only carry its id. */
export function stepLabel(view: RunView, id: string): string {
  const row = findStep(view, id);
  return row && row.label !== id ? `${row.label} (${id})` : id;
}

/** Rows currently in progress (a running step or probe, a rollback under way). */
export function activeRows(view: RunView): readonly RowView[] {
  return view.index.active;
}

const pendingOpen = (view: RunView, row: RowView): boolean => row.status === 'pending' && !view.closedPhases.includes(row.phase);

/** The next `max` rows still to come, and how many there are in all (without walking every row). */
export function pendingWindow(view: RunView, max: number): { rows: RowView[]; total: number } {
  const index = view.index;
  let total = 0;
  for (const phase of Object.keys(index.pending) as Phase[]) if (!view.closedPhases.includes(phase)) total += index.pending[phase];
  while (index.pendingFrom < view.rows.length && !pendingOpen(view, view.rows[index.pendingFrom]!)) index.pendingFrom++;
  const rows: RowView[] = [];
  for (let i = index.pendingFrom; i < view.rows.length && rows.length < Math.min(max, total); i++) {
    const row = view.rows[i]!;
    if (pendingOpen(view, row)) rows.push(row);
  }
  return { rows, total };
}

/** Rows still to come, in order (every one: for tests and small views). */
export function pendingRows(view: RunView): RowView[] {
  return view.rows.filter((r) => pendingOpen(view, r));
}


/**
 * A `for_each` loop reached its list (`step.expanded`): its pending row gives way to a row per
 * iteration, in its place. Without such a row (already finished, or never listed) nothing changes:
 * each iteration's own events add its row.
 */
export function expandRow(view: RunView, key: string, rows: readonly RowView[]): void {
  const row = view.index.byKey.get(key);
  if (!row || row.status !== 'pending') return;
  const at = view.rows.indexOf(row);
  if (at < 0) return;
  view.rows.splice(at, 1);
  view.index.byKey.delete(key);
  view.index.pending[row.phase]--;
  if (row.phase === 'steps') view.index.steps.total--;
  view.index.pendingFrom = Math.min(view.index.pendingFrom, at);
  rows.forEach((r, i) => addRow(view, { ...r, ...(row.parent ? { parent: row.parent } : {}), ...(row.depth !== undefined ? { depth: row.depth } : {}) }, at + i));
}
