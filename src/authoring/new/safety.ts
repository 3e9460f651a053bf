// The safety rules of `import` and `record`, for what `new` writes: a gate before a destructive command, a rollback
// for every state change, a pattern on the parameters destructive commands act on, and a risk that matches.
import type { Param, Playbook, Step } from '../../engine/playbook.gen.js';
import type { Risk } from '../../engine/plan.js';
import { findDestructive } from '../../review/destructive.js';
import type { AuthoringText } from '../../i18n/authoring.js';
import type { Lang } from '../../i18n/index.js';
import { riskWord } from '../../i18n/words.js';
import { classifyCommand, proposeRollback } from '../classify.js';
import { rollbackPlaceholder, stepIdFor, type Note, type Todo } from '../draft.js';

const RISKS: readonly Risk[] = ['low', 'medium', 'high'];
const MUSTACHE = /\{\{\s*(?:raw\s+)?([a-z_][a-z0-9_]*)\s*\}\}/g;

/** Proposed patterns, narrowest first: a path without `..` or a bare `/`, then a plain word (`50000:50000`, `redis`). */
const PATH_PATTERN = '/?[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*/?';
const WORD_PATTERN = '[A-Za-z0-9_][A-Za-z0-9._:@-]*';

export interface Safe {
  playbook: Playbook;
  notes: Note[];
  todos: Todo[];
}

function shortText(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** The shell texts of a step: its command, and the commands of its check, verify and rollback. */
function shellTexts(step: Step): string[] {
  const texts: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object' && typeof (value as { run?: unknown }).run === 'string') texts.push((value as { run: string }).run);
  };
  add(step.run);
  add(step.check);
  add(step.verify);
  add(step.rollback);
  return texts;
}

/** A pattern for a parameter a destructive command acts on, that its default (if any) matches; else an enum of the default. */
function constrain(spec: Param): Param {
  const fits = (pattern: string): boolean => spec.default === undefined || new RegExp(`^(?:${pattern})$`, 'u').test(String(spec.default));
  if (fits(PATH_PATTERN)) return { ...spec, pattern: PATH_PATTERN };
  if (fits(WORD_PATTERN)) return { ...spec, pattern: WORD_PATTERN };
  return { ...spec, enum: [spec.default as string] };
}

/**
 * Applies the rules to the steps of a playbook written by `new` (wizard answers or an alert scaffold). Notes point
 * at the steps by their final index. A destructive command makes the risk high (the one the author chose is
 * kept otherwise: a state change may well be low risk, a destructive one never is).
 */
export function applySafetyRules(playbook: Playbook, t: AuthoringText, lang: Lang): Safe {
  const notes: Note[] = [];
  const todos: Todo[] = [];
  const ids = new Set((playbook.steps as Step[]).map((s) => s.id));
  const steps: Step[] = [];
  const params: Record<string, Param> = { ...(playbook.params ?? {}) };
  let needed: Risk = 'low';
  let worst: { id: string; command: string } | undefined;
  for (const original of playbook.steps as Step[]) {
    const step: Step = { ...original };
    const run = typeof step.run === 'string' ? step.run : undefined;
    const kind = run === undefined ? 'read' : classifyCommand(run).kind;
    if (run !== undefined && kind === 'destroy') {
      needed = 'high';
      worst ??= { id: step.id, command: run };
      const previous = steps[steps.length - 1];
      if (previous?.confirm === undefined) {
        notes.push({ path: ['steps', steps.length], text: t('note.destructive', { reason: classifyCommand(run).reason }) });
        steps.push({ id: stepIdFor(['confirm', step.id], ids), confirm: { message: t('confirm.destructive', { command: shortText(run) }) } });
        todos.push({ kind: 'destructive', message: t('todo.destructive', { command: shortText(run) }) });
      }
    }
    if (run !== undefined && kind !== 'read' && step.rollback === undefined) {
      const proposed = proposeRollback(run);
      step.rollback = proposed ?? rollbackPlaceholder(step.id);
      notes.push({ path: ['steps', steps.length, 'rollback'], text: t(proposed ? 'note.rollbackProposed' : 'note.rollbackTodo') });
      todos.push({ kind: 'rollback', message: t(proposed ? 'todo.rollbackCheck' : 'todo.rollback', { id: step.id }) });
    }
    for (const text of shellTexts(step)) {
      for (const match of findDestructive(text)) {
        if (match.kind !== 'rm-rf' && match.kind !== 'chown-r') continue;
        for (const ref of match.segment.matchAll(MUSTACHE)) {
          const name = ref[1]!;
          const spec = params[name];
          if (!spec || spec.pattern !== undefined || spec.enum !== undefined) continue;
          params[name] = constrain(spec);
          notes.push({ path: ['params', name], text: t('note.patternProposed') });
          todos.push({ kind: 'review', message: t('todo.constrain', { name, id: step.id }) });
        }
      }
    }
    steps.push(step);
  }
  const chosen = playbook.risk ?? 'medium';
  const risk = RISKS.indexOf(needed) > RISKS.indexOf(chosen) ? needed : chosen;
  if (risk !== chosen) {
    const words = { from: riskWord(chosen, lang), to: riskWord(risk, lang) };
    notes.push({ path: ['risk'], text: t('note.riskRaised', { ...words, id: worst?.id ?? '' }) });
    todos.push({ kind: 'review', message: t('todo.riskRaised', words) });
  }
  const safe: Playbook = { ...playbook, risk, steps: steps as Playbook['steps'] };
  if (Object.keys(params).length > 0) safe.params = params;
  return { playbook: safe, notes, todos };
}
