// The state of a run as the live view shows it, folded from run events (pure data, no terminal I/O).
// Rows are indexed and counted as they change, so neither an event nor a frame walks every row: a run of
// thousands of steps folds in linear time.
import type { EventOf, Phase, RunEvent, StepChoice, StepOutputHead } from '../engine/events.js';
import type { CompiledPlan, Risk } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';
import type { RowStatus } from './format.js';
import { createOutcome, noteOutcome, type Outcome } from './headline.js';
import { appendOutput, appendOutputBytes, freshOutput, keptOutput, mergeOutput, type StepOutput } from './step-output.js';
import { addRow, createIndex, ensureRow, expandRow, findStep, measure, setStatus, type ViewIndex } from './view-rows.js';
import { stepKind } from '../steps/index.js';
import { applyHostEvent, createHostsView, isHostEvent, type HostsView } from './hosts-view.js';
import { describeProbeAction } from '../steps/probe.js';

export { appendTail, TAIL_KEEP } from './step-output.js';
export { activeRows, pendingRows, pendingWindow, rowLabel, stepLabel, type ViewIndex } from './view-rows.js';

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
  /** A `wait` step: the poll under way and when it times out (epoch ms). */
  wait?: { poll: number; deadline: number; reason?: string };
}

/** Things printed once, above the live region, in the order they happened (Ink `<Static>` items). */
export type DoneItem =
  | { kind: 'header'; key: string }
  | { kind: 'phase'; key: string; phase: Phase }
  /** `tail`: what the step printed (at most TAIL_KEEP lines); `more` lines were left out, before them when `moreFirst`. */
  | { kind: 'row'; key: string; row: RowView; tail: string[]; more?: number; moreFirst?: boolean }
  | { kind: 'gate'; key: string; id: string; accepted: boolean; by: 'user' | 'yes-flag' | 'no-terminal'; interrupted?: boolean }
  | { kind: 'interrupt'; key: string; signal: string; action: 'rollback' | 'stop' | 'force' }
  /** `play --step`: the operator's answer before a step. */
  | { kind: 'answer'; key: string; id: string; answer: StepChoice };

export interface PendingConfirm {
  stepId: string;
  message: string;
  typeWord?: string;
  risk: Risk;
  /** The last word typed that was not `typeWord` (the prompt asks again). */
  wrong?: string;
  /** `play --step`: the question is about the next step (its command, the choices, what to say to another answer). */
  step?: { command?: string; choices: string; again: string };
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
  /** Items to print once, in order; the Ink reporter takes them as it prints them (`takeDone`). */
  done: DoneItem[];
  phase?: Phase;
  /** Phases that ended: their rows still pending will not run (e.g. steps after a failure). */
  closedPhases: Phase[];
  /** Output of the running step (or rollback): its last and first lines and how many. */
  tail: StepOutput;
  confirm?: PendingConfirm;
  interrupt?: { signal: string; action: 'rollback' | 'stop' | 'force' };
  finished?: EventOf<'run.finished'>;
  /** What the summary's headline is told from. */
  outcome: Outcome;
  index: ViewIndex;
  /** A rollout over target hosts: their steps are shown per host (hosts-view.ts), not as rows. */
  hosts?: HostsView;
}

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
    tail: freshOutput(),
    outcome: createOutcome(plan),
    index: createIndex(),
  };
  if (!plan) return view;
  plan.preconditions.forEach((probe, i) => {
    addRow(view, { key: `preconditions:${i}`, phase: 'preconditions', id: String(i), label: probeLabel(probe, lang), status: 'pending' }, view.rows.length);
  });
  addStepRows(view, plan.steps, 'steps', lang, undefined, 0);
  plan.postconditions.forEach((probe, i) => {
    addRow(view, { key: `postconditions:${i}`, phase: 'postconditions', id: String(i), label: probeLabel(probe, lang), status: 'pending' }, view.rows.length);
  });
  addStepRows(view, plan.finally, 'finally', lang, undefined, 0);
  return view;
}

/** Rows for steps, and (indented, ids `<parent>.<child>`) for the steps of included playbooks. */
function addStepRows(view: RunView, steps: CompiledPlan['steps'], phase: 'steps' | 'finally', lang: Lang, parent: string | undefined, depth: number): void {
  steps.forEach((step, i) => {
    // A step on the target hosts shows in the hosts panel, a line per host.
    if (step.on === 'targets') return;
    const id = parent ? `${parent}.${step.id}` : step.id;
    addRow(view, {
      key: `${phase}:${id}`,
      phase,
      id,
      label: pickText(step.name, lang) ?? step.id,
      index: i + 1,
      total: steps.length,
      status: 'pending',
      ...(parent ? { parent, depth } : {}),
    }, view.rows.length);
    const included = stepKind(step.action).included?.(step.action);
    if (included && depth < 8) addStepRows(view, included.plan.steps, phase, lang, id, depth + 1);
  });
}

function probeLabel(probe: CompiledPlan['preconditions'][number], lang: Lang): string {
  const name = pickText(probe.name, lang);
  return name || (describeProbeAction(probe.action).split('\n')[0] ?? '');
}

function withParent(event: { parent?: string }, view: RunView): { parent?: string; depth?: number } {
  if (!event.parent) return {};
  const parentRow = findStep(view, event.parent);
  return { parent: event.parent, depth: (parentRow?.depth ?? 0) + 1 };
}

function pushPhase(view: RunView, phase: Phase): void {
  if (view.index.lastPhase === phase) return;
  view.index.lastPhase = phase;
  view.done.push({ kind: 'phase', key: `phase:${phase}:${view.done.length}`, phase });
}

/** Moves a finished row to the printed items, with what it printed (a failure keeps its last lines). */
function finishRow(view: RunView, row: RowView, failed: boolean): void {
  pushPhase(view, row.phase);
  const kept = view.tail.id === row.id ? keptOutput(view.tail, failed) : { lines: [], more: 0 };
  view.done.push({
    kind: 'row',
    key: `row:${row.key}:${view.done.length}`,
    row: { ...row },
    tail: kept.lines,
    ...(kept.more > 0 ? { more: kept.more, moreFirst: failed } : {}),
  });
  if (view.tail.id === row.id) view.tail = freshOutput();
  // Shown only while the row runs; a script's text would otherwise stay in memory for every step of the run.
  row.command = undefined;
}

/** ASCII output as bytes (Reporter.onOutputBytes): folded in as applyEvent folds the `step.output` of their text. */
export function applyOutputBytes(view: RunView, event: StepOutputHead, bytes: Buffer): void {
  if (view.tail.id !== event.id) view.tail = freshOutput(event.id);
  appendOutputBytes(view.tail, bytes);
}

/** Folds a step's output since the last delta (mergeOutput) into the view, as applyOutputBytes its chunks one by one. */
export function applyOutputDelta(view: RunView, delta: StepOutput): void {
  if (view.tail.id !== delta.id) view.tail = freshOutput(delta.id);
  mergeOutput(view.tail, delta);
}

/** Folds one event into the view (mutates it). */
export function applyEvent(view: RunView, event: RunEvent, lang: Lang): void {
  // Output events are by far the most frequent: handled first, without parsing the time.
  if (event.type === 'step.output') {
    if (view.tail.id !== event.id) view.tail = freshOutput(event.id);
    appendOutput(view.tail, event.text);
    return;
  }
  noteOutcome(view.outcome, event);
  if (isHostEvent(event)) {
    applyHostEvent((view.hosts ??= createHostsView()), event);
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
      if (view.closedPhases.includes(event.phase)) {
        view.closedPhases = view.closedPhases.filter((p) => p !== event.phase);
        view.index.pendingFrom = 0;
      }
      pushPhase(view, event.phase);
      return;
    case 'phase.finished':
      view.closedPhases.push(event.phase);
      return;
    case 'probe.started': {
      const row = ensureRow(view, { key: `${event.phase}:${event.index}`, phase: event.phase, id: String(event.index), label: event.name, status: 'pending' });
      // The plan's label is already in the interface language; the event's name is the fallback.
      if (!row.label) {
        row.label = event.name;
        measure(view, row);
      }
      setStatus(view, row, 'running');
      row.startedAt = at;
      return;
    }
    case 'probe.finished': {
      const row = ensureRow(view, { key: `${event.phase}:${event.index}`, phase: event.phase, id: String(event.index), label: event.name, status: 'pending' });
      setStatus(view, row, event.ok ? 'ok' : 'failed');
      row.durationMs = row.startedAt === undefined ? undefined : at - row.startedAt;
      row.attempts = event.attempts;
      row.reason = event.reason;
      finishRow(view, row, false);
      return;
    }
    case 'interrupt.received':
      view.interrupt = { signal: event.signal, action: event.action };
      view.done.push({ kind: 'interrupt', key: `interrupt:${view.done.length}`, signal: event.signal, action: event.action });
      return;
    case 'run.finished':
      view.finished = event;
      view.confirm = undefined;
      view.tail = freshOutput();
      return;
    default:
      applyStepEvent(view, event, at);
  }
}

/** Events of steps, gates and rollbacks. */
function applyStepEvent(view: RunView, event: RunEvent, at: number): void {
  switch (event.type) {
    case 'step.started': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.name || event.id, status: 'pending', ...withParent(event, view) });
      if (event.name && row.label === row.id) row.label = event.name;
      row.index = event.index;
      row.total = event.total;
      measure(view, row);
      row.command = event.command;
      setStatus(view, row, 'running');
      row.startedAt = at;
      row.retry = undefined;
      row.verify = undefined;
      row.wait = undefined;
      view.tail = freshOutput(event.id);
      return;
    }
    case 'step.skipped': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.id, status: 'pending', ...withParent(event, view) });
      setStatus(view, row, event.status);
      row.reason = event.reason;
      row.fromRun = event.fromRun;
      if (row.startedAt !== undefined) row.durationMs = at - row.startedAt;
      finishRow(view, row, false);
      return;
    }
    case 'step.expanded':
      expandRow(view, `${event.phase}:${event.id}`, event.iterations.map((id) => ({ key: `${event.phase}:${id}`, phase: event.phase, id, label: id, status: 'pending' })));
      return;
    case 'step.would_run': {
      const row = ensureRow(view, { key: `steps:${event.id}`, phase: 'steps', id: event.id, label: event.name || event.id, status: 'pending' });
      setStatus(view, row, event.unknown ? 'unknown' : 'would_run');
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
    case 'step.polled': {
      const row = findStep(view, event.id);
      if (row) row.wait = { poll: event.poll, deadline: at + event.remainingMs, ...(event.reason ? { reason: event.reason } : {}) };
      return;
    }
    case 'step.finished': {
      const row = ensureRow(view, { key: `${event.phase}:${event.id}`, phase: event.phase, id: event.id, label: event.id, status: 'pending', ...withParent(event, view) });
      setStatus(view, row, event.status);
      row.durationMs = event.durationMs;
      row.attempts = event.attempts;
      row.exitCode = event.exitCode;
      row.reason = event.reason;
      row.continued = event.continued;
      finishRow(view, row, event.status === 'failed');
      return;
    }
    default:
      applyGateOrRollbackEvent(view, event, at);
  }
}

/** Gates answered and rollbacks. */
function applyGateOrRollbackEvent(view: RunView, event: RunEvent, at: number): void {
  switch (event.type) {
    case 'step.answered':
      view.confirm = undefined;
      view.done.push({ kind: 'answer', key: `answer:${event.id}:${view.done.length}`, id: event.id, answer: event.answer });
      return;
    case 'confirm.answered':
      view.confirm = undefined;
      view.done.push({ kind: 'gate', key: `confirm:${event.id}:${view.done.length}`, id: event.id, accepted: event.accepted, by: event.by, ...(event.interrupted ? { interrupted: true } : {}) });
      return;
    case 'rollback.started': {
      // The step's own row has the label in the interface language; the event's name is the fallback.
      const label = findStep(view, event.id)?.label ?? (event.name || event.id);
      const row = ensureRow(view, { key: `rollback:${event.id}`, phase: 'rollback', id: event.id, label, status: 'pending' });
      setStatus(view, row, 'rolling_back');
      row.startedAt = at;
      view.tail = freshOutput(event.id);
      return;
    }
    case 'rollback.finished': {
      const label = findStep(view, event.id)?.label ?? event.id;
      const row = ensureRow(view, { key: `rollback:${event.id}`, phase: 'rollback', id: event.id, label, status: 'pending' });
      // Skipped: not run because an earlier rollback failed; the step is left as it is.
      setStatus(view, row, event.ok ? 'rolled_back' : event.skipped ? 'skipped' : 'rollback_failed');
      row.reason = event.reason;
      if (row.startedAt !== undefined) row.durationMs = at - row.startedAt;
      finishRow(view, row, !event.ok);
      return;
    }
    default:
      return;
  }
}

/** The items not printed yet, handed over once (the Ink reporter prints them in `<Static>`). */
export function takeDone(view: RunView): DoneItem[] {
  return view.done.length === 0 ? [] : view.done.splice(0);
}
