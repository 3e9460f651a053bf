// Builds a draft playbook from a list of commands (recorded or imported): placement, params, secrets, review notes.
import type { Param, Playbook } from '../engine/playbook.gen.js';
import type { Draft, Todo } from './draft.js';
import { applyParams, applyParamsPlain, placeholdersIn, proposeParams, type ParamProposal } from './params.js';
import { SecretScrubber } from './secrets.js';
import { declareSecrets, emptyParts, pinNotes, type DraftParts } from './build-parts.js';
import { readCommands, type Item } from './build-read.js';
import { changeSpan, ensureSteps, placeChecks, placeItems, type Render } from './build-place.js';
import type { AuthoringText } from '../i18n/authoring.js';

export interface SourceCommand {
  command: string;
  /** The step name (a trailing comment, a lead-in sentence). */
  name?: string;
  cwd?: string;
  exitCode?: number;
  durationMs?: number;
  /** Forces where it goes: `check` → precondition (when read-only), `action` → step. */
  role?: 'check' | 'action';
  /** Typed this many times in a row (a check polled until it passed): proposed as retries. */
  repeats?: number;
}

export interface HttpCheck {
  label: string;
  url: string;
}

export interface BuildInput {
  name: string;
  title: string;
  description?: string;
  commands: SourceCommand[];
  http?: HttpCheck[];
  /** Extra read-only preconditions (from a troubleshooting table's checks column). */
  probes?: { run: string; name: string }[];
  mode: 'record' | 'import';
  /** First lines of the file comment (where the draft comes from). */
  header: string[];
  /** Where the recorded session started: steps elsewhere get a `cwd`. */
  baseCwd?: string;
  /** When there is no command at all: a step that fails loudly until someone writes the fix. */
  placeholder?: { name: string; text: string };
  tags?: string[];
  t: AuthoringText;
}

/** Builds the draft. Every value that could hold a secret went through the scrubber first. */
export function buildDraft(input: BuildInput): Draft {
  const { t } = input;
  const parts = emptyParts(t);
  const scrubber = new SecretScrubber();
  const { items, prefix, envLiterals } = readCommands(input, scrubber, parts);

  // Checks from a table run as commands: scrubbed like commands. HTTP URLs only teach the scrubber their secrets
  // (masked by the final pass below: an http step does not expand `${VAR}`).
  const probes = (input.probes ?? []).map((p) => {
    const scrubbed = scrubber.scrub(p.run);
    declareSecrets(parts, scrubbed.secrets);
    return { ...p, run: scrubbed.command };
  });
  for (const h of input.http ?? []) scrubber.scrub(h.url);

  const params = chooseParams(input, items, probes, envLiterals);
  const render: Render = { shell: (text) => applyParams(text, params), plainText: (text) => applyParamsPlain(text, params) };
  for (const [name, value] of envLiterals) parts.env[name] = render.plainText(value);

  const span = changeSpan(items);
  placeItems(items, span, parts, render, input.baseCwd);
  placeChecks(input.http ?? [], probes, span, parts, render);
  ensureSteps(input.placeholder, input.title, parts);
  for (const step of parts.steps) {
    if (parts.changing.has(step) && step.verify === undefined) parts.todos.push({ kind: 'review', message: t('todo.verify', { id: step.id }) });
  }
  const paramDefs = defineParams(params, parts);
  if (parts.envNotes.length > 0) pinNotes(parts.notes, ['env'], parts.envNotes);
  noteUnconstrained(paramDefs, parts);
  if (prefix.length > 0 && items.every((i) => i.carried.length < prefix.length)) {
    parts.todos.push({ kind: 'env', message: t('todo.unusedPrefix', { lines: prefix.join('; ') }) });
  }
  return finish(input, scrubber, parts, paramDefs);
}

/** Parameters: <placeholders> (in commands, URLs, checks, exported values), then literals that repeat. */
function chooseParams(input: BuildInput, items: Item[], probes: { run: string }[], envLiterals: Map<string, string>): ParamProposal[] {
  const taken = new Set<string>();
  const texts = items.map((i) => [...i.carried, i.command].join('\n'));
  const httpTexts = (input.http ?? []).map((h) => h.url);
  const probeTexts = probes.map((p) => p.run);
  const placeholders = placeholdersIn([...texts, ...httpTexts, ...probeTexts, ...envLiterals.values()], new Map(), taken);
  const literals = proposeParams([...texts, ...items.map((i) => i.source.cwd ?? '').filter((cwd) => cwd && cwd !== input.baseCwd)]).map((p) => {
    const name = taken.has(p.name) ? uniqueFrom(p.name, taken) : (taken.add(p.name), p.name);
    return { ...p, name };
  });
  return [...placeholders, ...literals];
}

/** The `params` of the draft: placeholders are required, literals default to the value typed. */
function defineParams(params: ParamProposal[], parts: DraftParts): Record<string, Param> {
  const { t, notes, todos } = parts;
  const paramDefs: Record<string, Param> = {};
  for (const p of params) {
    if (p.kind === 'placeholder') {
      paramDefs[p.name] = { type: 'string', required: true, description: t('param.placeholder', { text: p.placeholder ?? p.name }) };
      pinNotes(notes, ['params', p.name], [t('note.placeholderParam', { text: p.placeholder ?? p.name })]);
      todos.push({ kind: 'placeholder', message: t('todo.placeholder', { name: p.name, text: p.placeholder ?? p.name }) });
    } else {
      paramDefs[p.name] = { type: 'string', default: p.value ?? '', description: t('param.literal', { kind: p.kind, count: p.occurrences }) };
      pinNotes(notes, ['params', p.name], [t('note.literalParam', { count: p.occurrences })]);
    }
  }
  return paramDefs;
}

/** Params that reach a recursive chown/chmod or an rm need a pattern or an enum (lint insists, rightly). */
function noteUnconstrained(paramDefs: Record<string, Param>, parts: DraftParts): void {
  const { t } = parts;
  for (const step of parts.steps) {
    const run = typeof step.run === 'string' ? step.run : '';
    if (!/\b(rm|chown\s+-R|chmod\s+-R)\b/.test(run)) continue;
    for (const m of run.matchAll(/\{\{([a-z_][a-z0-9_]*)\}\}/g)) {
      const def = paramDefs[m[1]!];
      if (def && def.pattern === undefined && def.enum === undefined) {
        pinNotes(parts.notes, ['params', m[1]!], [t('note.constrain')]);
        parts.todos.push({ kind: 'review', message: t('todo.constrain', { name: m[1]!, id: step.id }) });
      }
    }
  }
}

/** The playbook, the header listing what needs review, and every text masked for every secret seen. */
function finish(input: BuildInput, scrubber: SecretScrubber, parts: DraftParts, paramDefs: Record<string, Param>): Draft {
  const { t, env, preconditions, postconditions, todos } = parts;
  const risk = parts.destructive ? 'high' : parts.changes > 0 ? 'medium' : 'low';
  const playbook: Playbook = {
    name: input.name,
    title: input.title,
    ...(input.description ? { description: scrubber.scrubText(input.description) } : {}),
    risk,
    ...(input.tags && input.tags.length > 0 ? { tags: input.tags } : {}),
    ...(Object.keys(paramDefs).length > 0 ? { params: paramDefs } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(preconditions.length > 0 ? { preconditions } : {}),
    steps: parts.steps as Playbook['steps'],
    ...(postconditions.length > 0 ? { postconditions } : {}),
  };
  const header = [...input.header];
  if (todos.length > 0) {
    header.push('', t('header.review'));
    for (const todo of dedupe(todos)) header.push(`  - ${todo.message}`);
  } else header.push('', t('header.reviewNothing'));
  // Every text of the draft derives from what was typed (names, confirm messages, notes, titles): a secret
  // value seen anywhere is masked everywhere, whatever path it took.
  return {
    playbook: scrubber.scrubDeep(playbook),
    header: header.map((line) => scrubber.scrubText(line)),
    notes: parts.notes.map((n) => ({ ...n, text: scrubber.scrubText(n.text) })),
    todos: dedupe(todos).map((todo) => ({ ...todo, message: scrubber.scrubText(todo.message) })),
  };
}

function uniqueFrom(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  taken.add(name);
  return name;
}

function dedupe(todos: Todo[]): Todo[] {
  const seen = new Set<string>();
  return todos.filter((t) => (seen.has(t.message) ? false : (seen.add(t.message), true)));
}
