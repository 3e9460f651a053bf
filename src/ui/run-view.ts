// The state of a run as the live view shows it, folded from run events (pure data, no terminal I/O).
import type { EventOf, Phase, RunEvent } from '../engine/events.js';
import type { CompiledPlan, Risk } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';
import type { RowStatus } from './format.js';

export interface RowView {
  /** Unique per row: `<phase>:<step id or probe index>`. */
  key: string;
  phase: Phase;
  id: string;
  label: string;
  index?: number;
  total?: number;
  /** Steps of an included playbook: the including step's id, and how deep the include is. */
  parent?: string;
  depth?: number;
  status: RowStatus;
  /** Epoch ms of the start (from the event's time, so replays and tests are deterministic). */
  startedAt?: number;
  durationMs?: number;
  retry?: { attempt: number; of: number; delayMs: number; reason: string };
  verify?: { attempt: number; of: number };
  reason?: string;
  exitCode?: number;
  attempts?: number;
  continued?: boolean;
  /** `resume`: the run in which this step already completed. */
  fromRun?: string;
  /** What a running step runs (already redacted by the engine), shown under the live row. */
  command?: string;
}

/** Things printed once, above the live region, in the order they happened (Ink `<Static>` items). */
export type DoneItem =
  | { kind: 'header'; key: string }
  | { kind: 'phase'; key: string; phase: Phase }
  | { kind: 'row'; key: string; row: RowView; tail: string[] }
  | { kind: 'confirm'; key: string; id: string; accepted: boolean; by: 'user' | 'yes-flag' | 'no-terminal'; interrupted?: boolean }
  | { kind: 'interrupt'; key: string; signal: string; action: 'rollback' | 'stop' | 'force' };

export interface PendingConfirm {
  stepId: string;
  message: string;
  typeWord?: string;
  risk: Risk;
}

export interface RunView {
  runId?: string;
  name: string;
  title: string;
  risk: Risk;
  sandbox: boolean;
  params: { name: string; value: string; secret: boolean }[];
  journalDir?: string;
  resumedFrom?: string;
  started: boolean;
  /** Every row known so far (planned ones first), in display order. */
  rows: RowView[];
  /** Append-only. */
  done: DoneItem[];
  phase?: Phase;
  /** Phases that ended: their rows still pending will not run (e.g. steps after a failure). */
  closedPhases: Phase[];
  /** Last complete lines of the running step's output (raw; sanitised when drawn) and its partial line. */
  tail: { id?: string; lines: string[]; partial: string };
  confirm?: PendingConfirm;
  interrupt?: { signal: string; action: 'rollback' | 'stop' | 'force' };
  finished?: EventOf<'run.finished'>;
}

/** Output lines kept for the live tail; the view shows at most this many. */
export const TAIL_KEEP = 12;
/** A line longer than this is cut before it is stored (the view truncates to the terminal anyway). */
const MAX_LINE = 1000;
/** Lines of a failed step's output kept under its row. */
const FAILED_TAIL = 5;

/** The initial view; with a plan the header facts and the whole step list are known before the run starts. */
export function createRunView(plan: CompiledPlan | undefined, lang: Lang): RunView {
  const view: RunView = {
    name: plan?.playbook.name ?? '',
    title: pickText(plan?.playbook.title, lang) ?? plan?.playbook.name ?? '',
    risk: plan?.playbook.risk ?? 'low',
    sandbox: plan?.sandbox ?? false,
    params: (plan?.params ?? []).map((p) => ({ name: p.name, value: p.value === undefined ? '' : String(p.value), secret: p.secret })),
    started: false,
    rows: [],
    done: [],
    closedPhases: [],
    tail: { lines: [], partial: '' },
  };
  if (!plan) return view;
  plan.preconditions.forEach((probe, i) => {
    view.rows.push({ key: `preconditions:${i}`, phase: 'preconditions', id: String(i), label: probeLabel(probe, lang), status: 'pending' });
  });
  addStepRows(view, plan.steps, 'steps', lang, undefined, 0);
  plan.postconditions.forEach((probe, i) => {
    view.rows.push({ key: `postconditions:${i}`, phase: 'postconditions', id: String(i), label: probeLabel(probe, lang), status: 'pending' });
  });
  addStepRows(view, plan.finally, 'finally', lang, undefined, 0);
  return view;
}

/** Rows for steps, and (indented, ids `<parent>.<child>`) for the steps of included playbooks. */
function addStepRows(view: RunView, steps: CompiledPlan['steps'], phase: 'steps' | 'finally', lang: Lang, parent: string | undefined, depth: number): void {
  steps.forEach((step, i) => {
    const id = parent ? `${parent}.${step.id}` : step.id;
    view.rows.push({
      key: `${phase}:${id}`,
      phase,
      id,
      label: pickText(step.name, lang) ?? step.id,
      index: i + 1,
      total: steps.length,
      status: 'pending',
      ...(parent ? { parent, depth } : {}),
    });
    if (step.action.kind === 'playbook' && depth < 8) addStepRows(view, step.action.plan.steps, phase, lang, id, depth + 1);
  });
}

function probeLabel(probe: CompiledPlan['preconditions'][number], lang: Lang): string {
  const name = pickText(probe.name, lang);
  if (name) return name;
  if (probe.action.kind === 'run') return probe.action.command.text.split('\n')[0] ?? '';
  return `${probe.action.request.method} ${probe.action.request.url.text}`;
}

function findRow(view: RunView, key: string): RowView | undefined {
  return view.rows.find((r) => r.key === key);
}

/** Finds a row by step id in the phases where steps run (and rollback rows are separate). */
function findStep(view: RunView, id: string): RowView | undefined {
  return findRow(view, `steps:${id}`) ?? findRow(view, `finally:${id}`);
}

const PHASE_RANK: Record<Phase, number> = { preconditions: 0, steps: 1, postconditions: 2, rollback: 3, finally: 4 };

function ensureRow(view: RunView, row: RowView): RowView {
  const existing = findRow(view, row.key);
  if (existing) return existing;
  // A row the plan did not list: after its parent's rows if it has one, else at the end of its phase.
  let at = -1;
  view.rows.forEach((r, i) => {
    const sameFamily = row.parent ? r.id === row.parent || r.id.startsWith(`${row.parent}.`) : true;
    if (PHASE_RANK[r.phase] < PHASE_RANK[row.phase] || (r.phase === row.phase && sameFamily)) at = i;
  });
  view.rows.splice(at + 1, 0, row);
  return row;
}

function withParent(event: { parent?: string }, view: RunView): { parent?: string; depth?: number } {
  if (!event.parent) return {};
  const parentRow = findStep(view, event.parent);
  return { parent: event.parent, depth: (parentRow?.depth ?? 0) + 1 };
}

function pushPhase(view: RunView, phase: Phase): void {
  const last = [...view.done].reverse().find((d) => d.kind === 'phase');
  if (last && last.kind === 'phase' && last.phase === phase) return;
  view.done.push({ kind: 'phase', key: `phase:${phase}:${view.done.length}`, phase });
}

function finishRow(view: RunView, row: RowView, keepTail: boolean): void {
  pushPhase(view, row.phase);
  const tail = keepTail && view.tail.id === row.id ? lastLines(view, FAILED_TAIL) : [];
  view.done.push({ kind: 'row', key: `row:${row.key}:${view.done.length}`, row: { ...row }, tail });
  if (view.tail.id === row.id) view.tail = { lines: [], partial: '' };
}

function lastLines(view: RunView, count: number): string[] {
  const lines = view.tail.partial ? [...view.tail.lines, view.tail.partial] : view.tail.lines;
  return lines.slice(-count);
}

function clip(line: string): string {
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

/** Appends output to the tail without ever holding more than TAIL_KEEP lines (100 MB in, a few KB kept). */
export function appendTail(tail: RunView['tail'], text: string): void {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl === -1) {
    const joined = tail.partial + text;
    tail.partial = joined.length > MAX_LINE ? joined.slice(-MAX_LINE) : joined;
    return;
  }
  // Walk back from the end: only the last TAIL_KEEP complete lines of this chunk can survive.
  const fresh: string[] = [];
  let end = lastNl;
  let continuesPartial = false;
  while (fresh.length < TAIL_KEEP) {
    const prev = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
    fresh.push(clip(text.slice(prev + 1, end)));
    if (prev === -1) {
      continuesPartial = true;
      break;
    }
    end = prev;
  }
  fresh.reverse();
  if (continuesPartial) {
    fresh[0] = clip(tail.partial + fresh[0]!);
    // In place: a line-at-a-time producer sends millions of these.
    for (const line of fresh) tail.lines.push(line);
    if (tail.lines.length > TAIL_KEEP) tail.lines.splice(0, tail.lines.length - TAIL_KEEP);
  } else {
    tail.lines = fresh;
  }
  const rest = text.slice(lastNl + 1);
  tail.partial = rest.length > MAX_LINE ? rest.slice(-MAX_LINE) : rest;
}

/** Folds one event into the view (mutates it; the Ink reporter snapshots before rendering). */
export function applyEvent(view: RunView, event: RunEvent, lang: Lang): void {
  // Output events are by far the most frequent: handled first, without parsing the time.
  if (event.type === 'step.output') {
    if (view.tail.id !== event.id) view.tail = { id: event.id, lines: [], partial: '' };
    appendTail(view.tail, event.text);
    return;
  }
  const at = Date.parse(event.time);
  switch (event.type) {
    case 'run.started':
      view.runId = event.runId;
      view.name = event.playbook.name;
      view.title = pickText(event.playbook.title, lang) ?? event.playbook.name;
      view.risk = event.playbook.risk;
      view.sandbox = event.sandbox;
      view.params = event.params;
      view.journalDir = event.journalDir;
      view.resumedFrom = event.resumedFrom;
      view.started = true;
      view.done.push({ kind: 'header', key: 'header' });
      return;
    case 'phase.started':
      view.phase = event.phase;
      pushPhase(view, event.phase);
      return;
    case 'phase.finished':
      view.closedPhases.push(event.phase);
      return;
    case 'probe.started': {
      const row = ensureRow(view, { key: `${event.phase}:${event.index}`, phase: event.phase, id: String(event.index), label: event.name, status: 'pending' });
      // The plan's label is already in the interface language; the event's name is the fallback.
      if (!row.label) row.label = event.name;
      row.status = 'running';
      row.startedAt = at;
      return;
    }
    case 'probe.finished': {
      const row = ensureRow(view, { key: `${event.phase}:${event.index}`, phase: event.phase, id: String(event.index), label: event.name, status: 'pending' });
      row.status = event.ok ? 'ok' : 'failed';
      row.durationMs = row.startedAt === undefined ? undefined : at - row.startedAt;
      row.attempts = event.attempts;
      row.reason = event.reason;
      finishRow(view, row, false);
      return;
    }
    case 'step.started': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.name || event.id, status: 'pending', ...withParent(event, view) });
      if (event.name && row.label === row.id) row.label = event.name;
      row.index = event.index;
      row.total = event.total;
      row.command = event.command;
      row.status = 'running';
      row.startedAt = at;
      row.retry = undefined;
      row.verify = undefined;
      view.tail = { id: event.id, lines: [], partial: '' };
      return;
    }
    case 'step.skipped': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.id, status: 'pending', ...withParent(event, view) });
      row.status = event.status;
      row.reason = event.reason;
      row.fromRun = event.fromRun;
      if (row.startedAt !== undefined) row.durationMs = at - row.startedAt;
      finishRow(view, row, false);
      return;
    }
    case 'step.would_run': {
      const row = ensureRow(view, { key: `steps:${event.id}`, phase: 'steps', id: event.id, label: event.name || event.id, status: 'pending' });
      row.status = event.unknown ? 'unknown' : 'would_run';
      row.reason = event.reason;
      finishRow(view, row, false);
      return;
    }
    case 'step.retrying': {
      const row = findStep(view, event.id);
      if (row) row.retry = { attempt: event.attempt, of: event.of, delayMs: event.delayMs, reason: event.reason };
      return;
    }
    case 'step.verifying': {
      const row = findStep(view, event.id);
      if (row) row.verify = { attempt: event.attempt, of: event.of };
      return;
    }
    case 'step.finished': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.id, status: 'pending', ...withParent(event, view) });
      row.status = event.status;
      row.durationMs = event.durationMs;
      row.attempts = event.attempts;
      row.exitCode = event.exitCode;
      row.reason = event.reason;
      row.continued = event.continued;
      finishRow(view, row, event.status === 'failed');
      return;
    }
    case 'confirm.requested':
      return;
    case 'confirm.answered':
      view.confirm = undefined;
      view.done.push({ kind: 'confirm', key: `confirm:${event.id}:${view.done.length}`, id: event.id, accepted: event.accepted, by: event.by, ...(event.interrupted ? { interrupted: true } : {}) });
      return;
    case 'rollback.started': {
      // The step's own row has the label in the interface language; the event's name is the fallback.
      const label = findStep(view, event.id)?.label ?? (event.name || event.id);
      const row = ensureRow(view, { key: `rollback:${event.id}`, phase: 'rollback', id: event.id, label, status: 'pending' });
      row.status = 'rolling_back';
      row.startedAt = at;
      view.tail = { id: event.id, lines: [], partial: '' };
      return;
    }
    case 'rollback.finished': {
      const row = ensureRow(view, { key: `rollback:${event.id}`, phase: 'rollback', id: event.id, label: event.id, status: 'pending' });
      row.status = event.ok ? 'rolled_back' : 'rollback_failed';
      row.reason = event.reason;
      if (row.startedAt !== undefined) row.durationMs = at - row.startedAt;
      finishRow(view, row, !event.ok);
      return;
    }
    case 'interrupt.received':
      view.interrupt = { signal: event.signal, action: event.action };
      view.done.push({ kind: 'interrupt', key: `interrupt:${view.done.length}`, signal: event.signal, action: event.action });
      return;
    case 'run.finished':
      view.finished = event;
      view.confirm = undefined;
      view.tail = { lines: [], partial: '' };
      return;
  }
}

/** Rows currently in progress (a running step or probe, a rollback under way). */
/** The label of a step, for notices that only carry its id. */
export function stepLabel(view: RunView, id: string): string {
  const row = view.rows.find((r) => r.id === id && (r.phase === 'steps' || r.phase === 'finally'));
  return row && row.label !== id ? `${row.label} (${id})` : id;
}

export function activeRows(view: RunView): RowView[] {
  return view.rows.filter((r) => r.status === 'running' || r.status === 'rolling_back');
}

/** Rows still to come, in order. */
export function pendingRows(view: RunView): RowView[] {
  return view.rows.filter((r) => r.status === 'pending' && !view.closedPhases.includes(r.phase));
}
