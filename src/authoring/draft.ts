// A draft playbook: the playbook object plus review notes pinned to its nodes and a list of what needs a human.
import type { Playbook } from '../engine/playbook.gen.js';

export type YamlPath = readonly (string | number)[];

export interface Note {
  /** Where the comment goes: a key (`['steps', 2, 'rollback']`) or a list item (`['steps', 2]`). */
  path: YamlPath;
  text: string;
}

export type TodoKind = 'rollback' | 'placeholder' | 'failed' | 'destructive' | 'secret' | 'env' | 'review';

/** Something a human must look at before the draft is a playbook. */
export interface Todo {
  kind: TodoKind;
  message: string;
}

export interface Draft {
  playbook: Playbook;
  /** Lines of the comment atop the file, after the schema modeline. */
  header: string[];
  notes: Note[];
  todos: Todo[];
}

/** A rollback that fails loudly until someone writes the real one (a placeholder must never pass silently). */
export function rollbackPlaceholder(stepId: string): string {
  return `echo 'TODO: write the rollback of step ${stepId}' >&2; exit 1`;
}

/** A step body for a fix nobody has written as a command yet: fails loudly too. */
export function actionPlaceholder(what: string): string {
  const safe = what.replace(/'/g, '').replace(/\s+/g, ' ').slice(0, 120);
  return `echo 'TODO: ${safe}' >&2; exit 1`;
}

/** Step id from a command: its program and subcommands (`docker_compose_up`), unique within the playbook. */
export function stepIdFor(words: readonly string[], taken: Set<string>, fallback = 'step'): string {
  const parts: string[] = [];
  // `bash scripts/run_pipeline.sh` is named after the script, not the interpreter.
  if (/^(bash|sh|zsh|python3?|node|ruby|perl)$/.test(words[0] ?? '') && /^[\w./-]+\.(sh|py|js|rb|pl)$/.test(words[1] ?? '')) words = words.slice(1);
  for (const word of words) {
    if (parts.length >= 3) break;
    const w = parts.length === 0 ? word.replace(/^.*\//, '') : word;
    if (w.startsWith('-') || !/^[A-Za-z][\w.-]*$/.test(w) || /^(sudo|env|time|nohup)$/.test(w)) {
      if (parts.length > 0) break;
      continue;
    }
    parts.push(w.replace(/\.(sh|py|js|rb|pl)$/, ''));
  }
  let base = parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 56);
  if (!/^[a-z]/.test(base)) base = fallback;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** Playbook name (`^[a-z0-9][a-z0-9-]{0,63}$`) from any text; `fallback` when nothing ASCII is left. */
export function playbookNameFrom(text: string, fallback: string): string {
  const words = text
    .toLowerCase()
    .replace(/[`'"]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !/^\d+$/.test(w));
  const name = words.join('-').slice(0, 64).replace(/-+$/, '');
  return name.length >= 3 ? name : fallback;
}
