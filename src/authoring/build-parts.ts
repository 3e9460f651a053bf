// What a draft collects while it is built: its steps and probes, env, notes and to-dos, in the order they are found.
import type { EnvMap, Probe, Step } from '../engine/playbook.gen.js';
import type { Note, Todo } from './draft.js';
import type { SecretRef } from './secrets.js';
import type { AuthoringText } from '../i18n/authoring.js';

export interface DraftParts {
  t: AuthoringText;
  notes: Note[];
  todos: Todo[];
  env: EnvMap;
  /** Notes pinned to `env` once everything is read. */
  envNotes: string[];
  steps: Step[];
  preconditions: Probe[];
  postconditions: Probe[];
  /** Step ids taken so far. */
  ids: Set<string>;
  /** Steps that change state (they want a verify, and a following read becomes it). */
  changing: Set<Step>;
  destructive: boolean;
  changes: number;
}

export function emptyParts(t: AuthoringText): DraftParts {
  return { t, notes: [], todos: [], env: {}, envNotes: [], steps: [], preconditions: [], postconditions: [], ids: new Set(), changing: new Set(), destructive: false, changes: 0 };
}

/** Secrets the scrubber found become required, secret env vars read from the environment (each declared once). */
export function declareSecrets(parts: DraftParts, secrets: SecretRef[]): void {
  const { t, env } = parts;
  for (const s of secrets) {
    if (!env[s.env]) {
      env[s.env] = { from_env: s.env, secret: true, required: true };
      parts.envNotes.push(t('note.secret', { env: s.env, origin: s.origin }));
      parts.todos.push({ kind: 'secret', message: t('todo.secret', { env: s.env }) });
    }
  }
}

export function pinNotes(notes: Note[], path: (string | number)[], texts: string[]): void {
  for (const text of texts) notes.push({ path, text });
}

/** A command on one line, cut to fit a message. */
export function short(command: string): string {
  const one = command.replace(/\s+/g, ' ').trim();
  return one.length > 70 ? one.slice(0, 67) + '...' : one;
}
