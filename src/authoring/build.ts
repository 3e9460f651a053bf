// Builds a draft playbook from a list of commands (recorded or imported): placement, params, secrets, review notes.
import type { EnvMap, Param, Playbook, Probe, Step } from '../engine/playbook.gen.js';
import { classifyCommand, dropFollow, isShellStateLine, proposeRollback, type CommandKind } from './classify.js';
import { actionPlaceholder, rollbackPlaceholder, stepIdFor, type Draft, type Note, type Todo } from './draft.js';
import { applyParams, applyParamsPlain, PLACEHOLDER, placeholdersIn, proposeParams, type ParamProposal } from './params.js';
import { SecretScrubber, type SecretRef } from './secrets.js';
import { simpleCommands, unwrap } from '../shell/lex.js';
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

interface Item {
  source: SourceCommand;
  command: string;
  kind: CommandKind;
  reason: string;
  carried: string[];
  followDropped: boolean;
  secrets: string[];
}

/** Builds the draft. Every value that could hold a secret went through the scrubber first. */
export function buildDraft(input: BuildInput): Draft {
  const { t } = input;
  const notes: Note[] = [];
  const todos: Todo[] = [];
  const scrubber = new SecretScrubber();
  const env: EnvMap = {};
  const envNotes: string[] = [];
  const prefix: string[] = [];
  const items: Item[] = [];
  // `export NAME=value` lines: playbook env, filled in once params are known (the value may hold <placeholders>).
  const envLiterals = new Map<string, string>();

  const declare = (secrets: SecretRef[]): void => {
    for (const s of secrets) {
      if (!env[s.env]) {
        env[s.env] = { from_env: s.env, secret: true, required: true };
        envNotes.push(t('note.secret', { env: s.env, origin: s.origin }));
        todos.push({ kind: 'secret', message: t('todo.secret', { env: s.env }) });
      }
    }
  };

  for (const source of input.commands) {
    const scrubbed = scrubber.scrub(source.command);
    declare(scrubbed.secrets);
    if (scrubbed.setsSecretOnly) continue;
    const line = scrubbed.command.trim();
    if (isShellStateLine(line)) {
      if (input.mode === 'record' && /^\s*(cd|pushd|popd)(\s|$)/.test(line)) continue;
      const simple = line.match(/^export\s+([A-Za-z_][A-Za-z0-9_]*)=("[^"$`\\]*"|'[^']*'|[^\s"'$`;&|\\]*)$/);
      if (simple) {
        envLiterals.set(simple[1]!, simple[2]!.replace(/^(["'])(.*)\1$/, '$2'));
        envNotes.push(t('note.envExport', { name: simple[1]! }));
        continue;
      }
      prefix.push(line);
      continue;
    }
    const tamed = dropFollow(line);
    // `<placeholders>` are values, not redirections.
    const c = classifyCommand(tamed.command.replace(PLACEHOLDER, 'X'));
    items.push({
      source: { ...source, ...(source.name ? { name: scrubber.scrubText(source.name) } : {}) },
      command: tamed.command,
      kind: c.kind,
      reason: c.reason,
      carried: [...prefix],
      followDropped: tamed.changed,
      secrets: scrubbed.secrets.map((s) => s.env),
    });
  }

  // Checks from a table run as commands: scrubbed like commands. HTTP URLs only teach the scrubber their secrets
  // (masked by the final pass below: an http step does not expand `${VAR}`).
  const probesIn = (input.probes ?? []).map((p) => {
    const scrubbed = scrubber.scrub(p.run);
    declare(scrubbed.secrets);
    return { ...p, run: scrubbed.command };
  });
  for (const h of input.http ?? []) scrubber.scrub(h.url);

  // Parameters: <placeholders>, then literals that repeat.
  const taken = new Set<string>();
  const texts = items.map((i) => [...i.carried, i.command].join('\n'));
  const httpTexts = (input.http ?? []).map((h) => h.url);
  const probeTexts = probesIn.map((p) => p.run);
  const placeholders = placeholdersIn([...texts, ...httpTexts, ...probeTexts, ...envLiterals.values()], new Map(), taken);
  const literals = proposeParams([...texts, ...items.map((i) => i.source.cwd ?? '').filter((cwd) => cwd && cwd !== input.baseCwd)]).map((p) => {
    const name = taken.has(p.name) ? uniqueFrom(p.name, taken) : (taken.add(p.name), p.name);
    return { ...p, name };
  });
  const params: ParamProposal[] = [...placeholders, ...literals];
  const shell = (text: string): string => applyParams(text, params);
  const plainText = (text: string): string => applyParamsPlain(text, params);
  for (const [name, value] of envLiterals) env[name] = plainText(value);

  const steps: Step[] = [];
  const preconditions: Probe[] = [];
  const postconditions: Probe[] = [];
  const ids = new Set<string>();
  /** Steps that change state (they want a verify, and a following read becomes it). */
  const changing = new Set<Step>();
  let destructive = false;
  let changes = 0;
  const firstChange = items.findIndex((i) => i.kind !== 'read' && i.source.role !== 'check');
  const lastChange = items.length - 1 - [...items].reverse().findIndex((i) => i.kind !== 'read' && i.source.role !== 'check');
  const anyChange = firstChange >= 0 || items.some((i) => i.source.role === 'action');

  const cwdOf = (item: Item): string | undefined => {
    const cwd = item.source.cwd;
    return cwd && input.baseCwd && cwd !== input.baseCwd ? plainText(cwd) : undefined;
  };
  const runOf = (item: Item): string => shell([...item.carried, item.command].join('\n'));

  items.forEach((item, index) => {
    // Ctrl-C on a read-only command (a `logs -f` watched, then stopped) is how it ends, not a failure.
    const interrupted = item.source.exitCode === 130 && item.kind === 'read';
    const failed = item.source.exitCode !== undefined && item.source.exitCode !== 0 && !interrupted;
    const repeats = item.source.repeats ?? 1;
    const run = runOf(item);
    const cwd = cwdOf(item);
    const name = item.source.name;
    const itemNotes: string[] = [];
    if (item.carried.length > 0) {
      itemNotes.push(t('note.carried', { lines: item.carried.join('; ') }));
      todos.push({ kind: 'env', message: t('todo.carried', { command: short(item.command) }) });
    }
    if (item.followDropped) itemNotes.push(t('note.follow'));
    if (interrupted) itemNotes.push(t('note.interrupted'));
    if (repeats > 1) itemNotes.push(t('note.repeats', { count: repeats }));
    if (failed) {
      itemNotes.push(t('note.failed', { code: item.source.exitCode ?? 1 }));
      todos.push({ kind: 'failed', message: t('todo.failed', { command: short(item.command), code: item.source.exitCode ?? 1 }) });
    }

    const isRead = item.kind === 'read' && item.source.role !== 'action';
    if (isRead && !failed) {
      const retry = repeats > 1 ? { retries: repeats - 1, delay: '5s' } : {};
      const probe: Probe = name || cwd || repeats > 1 ? { ...(name ? { name } : {}), run, ...(cwd ? { cwd } : {}), ...retry } : run;
      if (item.source.role === 'check' || (anyChange && index < firstChange)) {
        pinNotes(notes, ['preconditions', preconditions.length], itemNotes);
        preconditions.push(probe);
        return;
      }
      const prev = steps[steps.length - 1];
      if (anyChange && prev && prev.run !== undefined && prev.verify === undefined && changing.has(prev) && index > firstChange) {
        prev.verify = (cwd && cwd !== prev.cwd) || repeats > 1 ? { run, ...(cwd && cwd !== prev.cwd ? { cwd } : {}), ...retry } : run;
        pinNotes(notes, ['steps', steps.length - 1, 'verify'], [t('note.verify'), ...itemNotes]);
        return;
      }
      if (anyChange && index > lastChange) {
        pinNotes(notes, ['postconditions', postconditions.length], itemNotes);
        postconditions.push(probe);
        return;
      }
    }

    const words = unwrap(simpleCommands(item.command)[0] ?? []).map((w) => w.value);
    const id = stepIdFor(words, ids);
    if (item.kind === 'destroy') {
      destructive = true;
      const confirmId = stepIdFor(['confirm', id], ids);
      pinNotes(notes, ['steps', steps.length], [t('note.destructive', { reason: item.reason })]);
      steps.push({ id: confirmId, confirm: { message: t('confirm.destructive', { command: short(run) }) } });
      todos.push({ kind: 'destructive', message: t('todo.destructive', { command: short(item.command) }) });
    }
    const step: Step = { id, ...(name ? { name } : {}), ...(cwd ? { cwd } : {}), run };
    const stepIndex = steps.length;
    if (!isRead) {
      changes++;
      changing.add(step);
      const proposed = proposeRollback(item.command);
      if (proposed) {
        step.rollback = shell(proposed);
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
  });

  for (const h of input.http ?? []) {
    const id = stepIdFor([h.label.replace(/[^A-Za-z0-9]+/g, '_') || 'check', 'http'].filter(Boolean), ids, 'check_http');
    const http = { url: plainText(h.url) };
    if (anyChange) preconditions.push({ name: h.label || h.url, http });
    else {
      pinNotes(notes, ['steps', steps.length], [t('note.httpStatus')]);
      steps.push({ id, ...(h.label ? { name: h.label } : {}), http });
    }
  }
  for (const p of probesIn) {
    pinNotes(notes, ['preconditions', preconditions.length], [t('note.tableCheck')]);
    preconditions.push({ name: p.name, run: shell(p.run) });
  }

  if (steps.length === 0 && !input.placeholder) {
    const moved = preconditions.splice(0, preconditions.length);
    notes.splice(0, notes.length, ...notes.filter((n) => n.path[0] !== 'preconditions'));
    moved.forEach((probe) => {
      const run = typeof probe === 'string' ? probe : probe.run;
      if (!run) return;
      const words = unwrap(simpleCommands(run)[0] ?? []).map((w) => w.value);
      steps.push({ id: stepIdFor(words, ids), ...(typeof probe === 'object' && probe.name ? { name: probe.name } : {}), run });
    });
  }
  if (steps.length === 0) {
    const text = input.placeholder?.text ?? input.title;
    pinNotes(notes, ['steps', 0], [t('note.placeholderStep')]);
    steps.push({ id: 'fix', name: input.placeholder?.name ?? text, run: actionPlaceholder(text) });
    todos.push({ kind: 'placeholder', message: t('todo.placeholderStep') });
  }
  for (const step of steps) {
    if (changing.has(step) && step.verify === undefined) todos.push({ kind: 'review', message: t('todo.verify', { id: step.id }) });
  }

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
  if (envNotes.length > 0) pinNotes(notes, ['env'], envNotes);
  // Params that reach a recursive chown/chmod or an rm need a pattern or an enum (lint insists, rightly).
  for (const step of steps) {
    const run = typeof step.run === 'string' ? step.run : '';
    if (!/\b(rm|chown\s+-R|chmod\s+-R)\b/.test(run)) continue;
    for (const m of run.matchAll(/\{\{([a-z_][a-z0-9_]*)\}\}/g)) {
      const def = paramDefs[m[1]!];
      if (def && def.pattern === undefined && def.enum === undefined) {
        pinNotes(notes, ['params', m[1]!], [t('note.constrain')]);
        todos.push({ kind: 'review', message: t('todo.constrain', { name: m[1]!, id: step.id }) });
      }
    }
  }

  const risk = destructive ? 'high' : changes > 0 ? 'medium' : 'low';
  const playbook: Playbook = {
    name: input.name,
    title: input.title,
    ...(input.description ? { description: scrubber.scrubText(input.description) } : {}),
    risk,
    ...(input.tags && input.tags.length > 0 ? { tags: input.tags } : {}),
    ...(Object.keys(paramDefs).length > 0 ? { params: paramDefs } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    ...(preconditions.length > 0 ? { preconditions } : {}),
    steps: steps as Playbook['steps'],
    ...(postconditions.length > 0 ? { postconditions } : {}),
  };
  if (prefix.length > 0 && items.every((i) => i.carried.length < prefix.length)) {
    todos.push({ kind: 'env', message: t('todo.unusedPrefix', { lines: prefix.join('; ') }) });
  }
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
    notes: notes.map((n) => ({ ...n, text: scrubber.scrubText(n.text) })),
    todos: dedupe(todos).map((todo) => ({ ...todo, message: scrubber.scrubText(todo.message) })),
  };
}

function pinNotes(notes: Note[], path: (string | number)[], texts: string[]): void {
  for (const text of texts) notes.push({ path, text });
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

function short(command: string): string {
  const one = command.replace(/\s+/g, ' ').trim();
  return one.length > 70 ? one.slice(0, 67) + '...' : one;
}
