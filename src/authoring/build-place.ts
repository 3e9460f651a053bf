// Places each command of a draft: a precondition, the verify of the change before it, a postcondition, or a step (with its confirm and rollback).
import type { Probe, Step } from '../engine/playbook.gen.js';
import { proposeRollback } from './classify.js';
import { actionPlaceholder, rollbackPlaceholder, stepIdFor } from './draft.js';
import { simpleCommands, unwrap } from '../shell/lex.js';
import { pinNotes, short, type DraftParts } from './build-parts.js';
import type { Item } from './build-read.js';
import type { BuildInput, HttpCheck } from './build.js';

/** How a command becomes playbook text: params applied as shell words, or as plain text (cwd, env, URLs). */
export interface Render {
  shell(text: string): string;
  plainText(text: string): string;
}

/** Where the changes are: reads before the first one are preconditions, reads after the last one postconditions. */
export interface ChangeSpan {
  firstChange: number;
  lastChange: number;
  anyChange: boolean;
}

export function changeSpan(items: Item[]): ChangeSpan {
  const changes = (i: Item): boolean => i.kind !== 'read' && i.source.role !== 'check';
  const firstChange = items.findIndex(changes);
  const lastChange = items.length - 1 - [...items].reverse().findIndex(changes);
  return { firstChange, lastChange, anyChange: firstChange >= 0 || items.some((i) => i.source.role === 'action') };
}

/** One command being placed, with what was learned about it. */
interface Placing {
  item: Item;
  index: number;
  run: string;
  cwd: string | undefined;
  name: string | undefined;
  repeats: number;
  /** Stopped with Ctrl-C while reading (a `logs -f` watched, then stopped): how it ends, not a failure. */
  interrupted: boolean;
  failed: boolean;
  /** Notes for the node it becomes. */
  notes: string[];
}

/** Places every command, in order. */
export function placeItems(items: Item[], span: ChangeSpan, parts: DraftParts, render: Render, baseCwd: string | undefined): void {
  items.forEach((item, index) => {
    const source = item.source.cwd;
    const placing: Placing = {
      item,
      index,
      run: render.shell([...item.carried, item.command].join('\n')),
      cwd: source && baseCwd && source !== baseCwd ? render.plainText(source) : undefined,
      name: item.source.name,
      repeats: item.source.repeats ?? 1,
      ...exitOf(item),
      notes: [],
    };
    noteWhatHappened(placing, parts);
    const isRead = item.kind === 'read' && item.source.role !== 'action';
    if (isRead && !placing.failed && placeAsCheck(placing, span, parts)) return;
    addStep(placing, isRead, parts, render);
  });
}

function exitOf(item: Item): { interrupted: boolean; failed: boolean } {
  // Ctrl-C on a read-only command (a `logs -f` watched, then stopped) is how it ends, not a failure.
  const interrupted = item.source.exitCode === 130 && item.kind === 'read';
  return { interrupted, failed: item.source.exitCode !== undefined && item.source.exitCode !== 0 && !interrupted };
}

/** Notes (and to-dos) on how the command was typed: carried state, `-f` dropped, interrupted, repeated, failed. */
function noteWhatHappened(placing: Placing, parts: DraftParts): void {
  const { item, notes, interrupted, failed } = placing;
  const { t, todos } = parts;
  if (item.carried.length > 0) {
    notes.push(t('note.carried', { lines: item.carried.join('; ') }));
    todos.push({ kind: 'env', message: t('todo.carried', { command: short(item.command) }) });
  }
  if (item.followDropped) notes.push(t('note.follow'));
  if (interrupted) notes.push(t('note.interrupted'));
  if (placing.repeats > 1) notes.push(t('note.repeats', { count: placing.repeats }));
  if (failed) {
    notes.push(t('note.failed', { code: item.source.exitCode ?? 1 }));
    todos.push({ kind: 'failed', message: t('todo.failed', { command: short(item.command), code: item.source.exitCode ?? 1 }) });
  }
}

/** A read that passed: a precondition (before any change), the verify of the change just before, or a postcondition. */
function placeAsCheck(placing: Placing, span: ChangeSpan, parts: DraftParts): boolean {
  const { item, index, run, cwd, name, repeats, notes: itemNotes } = placing;
  const { notes, steps, preconditions, postconditions } = parts;
  const { anyChange, firstChange, lastChange } = span;
  const retry = repeats > 1 ? { retries: repeats - 1, delay: '5s' } : {};
  const probe: Probe = name || cwd || repeats > 1 ? { ...(name ? { name } : {}), run, ...(cwd ? { cwd } : {}), ...retry } : run;
  if (item.source.role === 'check' || (anyChange && index < firstChange)) {
    pinNotes(notes, ['preconditions', preconditions.length], itemNotes);
    preconditions.push(probe);
    return true;
  }
  const prev = steps[steps.length - 1];
  if (anyChange && prev && prev.run !== undefined && prev.verify === undefined && parts.changing.has(prev) && index > firstChange) {
    prev.verify = (cwd && cwd !== prev.cwd) || repeats > 1 ? { run, ...(cwd && cwd !== prev.cwd ? { cwd } : {}), ...retry } : run;
    pinNotes(notes, ['steps', steps.length - 1, 'verify'], [parts.t('note.verify'), ...itemNotes]);
    return true;
  }
  if (anyChange && index > lastChange) {
    pinNotes(notes, ['postconditions', postconditions.length], itemNotes);
    postconditions.push(probe);
    return true;
  }
  return false;
}

/** A step: a destructive one behind a confirm step, a change with a rollback (proposed or a loud placeholder). */
function addStep(placing: Placing, isRead: boolean, parts: DraftParts, render: Render): void {
  const { item, run, cwd, name, failed, notes: itemNotes } = placing;
  const { t, notes, todos, steps } = parts;
  const words = unwrap(simpleCommands(item.command)[0] ?? []).map((w) => w.value);
  const id = stepIdFor(words, parts.ids);
  if (item.kind === 'destroy') {
    parts.destructive = true;
    const confirmId = stepIdFor(['confirm', id], parts.ids);
    pinNotes(notes, ['steps', steps.length], [t('note.destructive', { reason: item.reason })]);
    steps.push({ id: confirmId, confirm: { message: t('confirm.destructive', { command: short(run) }) } });
    todos.push({ kind: 'destructive', message: t('todo.destructive', { command: short(item.command) }) });
  }
  const step: Step = { id, ...(name ? { name } : {}), ...(cwd ? { cwd } : {}), run };
  const stepIndex = steps.length;
  if (!isRead) {
    parts.changes++;
    parts.changing.add(step);
    const proposed = proposeRollback(item.command);
    if (proposed) {
      step.rollback = render.shell(proposed);
      itemNotes.push(t('note.rollbackProposed'));
      todos.push({ kind: 'rollback', message: t('todo.rollbackCheck', { id }) });
    } else {
      step.rollback = rollbackPlaceholder(id);
      pinNotes(notes, ['steps', stepIndex, 'rollback'], [t('note.rollbackTodo')]);
      todos.push({ kind: 'rollback', message: t('todo.rollback', { id }) });
    }
  } else {
    itemNotes.push(failed ? t('note.readFailed') : t('note.readStep'));
    if (failed) step.continue_on_error = true;
  }
  if (item.source.durationMs !== undefined && item.source.durationMs > 30_000) {
    step.timeout = `${Math.ceil((item.source.durationMs * 3) / 60_000)}m`;
    itemNotes.push(t('note.timeout', { seconds: Math.round(item.source.durationMs / 1000) }));
  }
  pinNotes(notes, ['steps', stepIndex], itemNotes);
  steps.push(step);
}

/** HTTP checks (preconditions when something changes, else the steps themselves) and a table's read-only checks. */
export function placeChecks(http: HttpCheck[], probes: { run: string; name: string }[], span: ChangeSpan, parts: DraftParts, render: Render): void {
  const { t, notes, steps, preconditions } = parts;
  for (const h of http) {
    const id = stepIdFor([h.label.replace(/[^A-Za-z0-9]+/g, '_') || 'check', 'http'].filter(Boolean), parts.ids, 'check_http');
    const check = { url: render.plainText(h.url) };
    if (span.anyChange) preconditions.push({ name: h.label || h.url, http: check });
    else {
      pinNotes(notes, ['steps', steps.length], [t('note.httpStatus')]);
      steps.push({ id, ...(h.label ? { name: h.label } : {}), http: check });
    }
  }
  for (const p of probes) {
    pinNotes(notes, ['preconditions', preconditions.length], [t('note.tableCheck')]);
    preconditions.push({ name: p.name, run: render.shell(p.run) });
  }
}

/** A playbook needs a step: checks alone become the steps, and with nothing at all a placeholder that fails loudly. */
export function ensureSteps(placeholder: BuildInput['placeholder'], title: string, parts: DraftParts): void {
  const { t, steps, preconditions } = parts;
  if (steps.length === 0 && !placeholder) {
    const moved = preconditions.splice(0, preconditions.length);
    parts.notes.splice(0, parts.notes.length, ...parts.notes.filter((n) => n.path[0] !== 'preconditions'));
    moved.forEach((probe) => {
      const run = typeof probe === 'string' ? probe : probe.run;
      if (!run) return;
      const words = unwrap(simpleCommands(run)[0] ?? []).map((w) => w.value);
      steps.push({ id: stepIdFor(words, parts.ids), ...(typeof probe === 'object' && probe.name ? { name: probe.name } : {}), run });
    });
  }
  if (steps.length === 0) {
    const text = placeholder?.text ?? title;
    pinNotes(parts.notes, ['steps', 0], [t('note.placeholderStep')]);
    steps.push({ id: 'fix', name: placeholder?.name ?? text, run: actionPlaceholder(text) });
    parts.todos.push({ kind: 'placeholder', message: t('todo.placeholderStep') });
  }
}
