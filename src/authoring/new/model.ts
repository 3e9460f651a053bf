// What the `runbook new` wizard collects, and how it becomes a draft (secrets scrubbed, ids derived).
import type { EnvMap, Param, Playbook, Step } from '../../engine/playbook.gen.js';
import { stepIdFor, type Draft, type Note, type Todo } from '../draft.js';
import { SecretScrubber } from '../secrets.js';
import { simpleCommands, unwrap } from '../../shell/lex.js';
import type { AuthoringText } from '../../i18n/authoring.js';
import type { Lang } from '../../i18n/index.js';
import { applySafetyRules } from './safety.js';

export type Risk = 'low' | 'medium' | 'high';

export interface WizardStep {
  run: string;
  check?: string;
  verify?: string;
  rollback?: string;
}

export interface WizardAnswers {
  name: string;
  title: string;
  description?: string;
  risk: Risk;
  params: { name: string; default?: string }[];
  steps: WizardStep[];
}

export const PLAYBOOK_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const PARAM_NAME = /^[a-z_][a-z0-9_]{0,63}$/;

/** The answers as a draft; typed secrets are moved to env `from_env` like in recorded sessions, and the safety rules applied. */
export function draftFromAnswers(answers: WizardAnswers, t: AuthoringText, lang: Lang = 'en'): Draft {
  const scrubber = new SecretScrubber();
  const env: EnvMap = {};
  const notes: Note[] = [];
  const todos: Todo[] = [];
  const clean = (text: string | undefined): string | undefined => {
    if (!text?.trim()) return undefined;
    const r = scrubber.scrub(text.trim());
    for (const s of r.secrets) {
      env[s.env] = { from_env: s.env, secret: true, required: true };
      todos.push({ kind: 'secret', message: t('todo.secret', { env: s.env }) });
    }
    return r.command;
  };
  const params: Record<string, Param> = {};
  for (const p of answers.params) {
    params[p.name] = p.default !== undefined && p.default !== '' ? { type: 'string', default: p.default } : { type: 'string', required: true };
  }
  const ids = new Set<string>();
  const steps: Step[] = answers.steps.map((s) => {
    const run = clean(s.run) ?? 'true';
    const id = stepIdFor(unwrap(simpleCommands(run)[0] ?? []).map((w) => w.value), ids);
    const step: Step = { id, run };
    const check = clean(s.check);
    const verify = clean(s.verify);
    const rollback = clean(s.rollback);
    if (check) step.check = check;
    if (verify) step.verify = verify;
    if (rollback) step.rollback = rollback;
    return step;
  });
  const answered: Playbook = {
    name: answers.name,
    title: answers.title || answers.name,
    ...(answers.description ? { description: answers.description } : {}),
    risk: answers.risk,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    steps: steps as Playbook['steps'],
  };
  // The rules of import and record: gates, rollbacks, patterns, a risk that matches the commands.
  const safe = applySafetyRules(answered, t, lang);
  notes.push(...safe.notes);
  todos.push(...safe.todos);
  const playbook = safe.playbook;
  const header = [t('header.wizard')];
  if (todos.length > 0) header.push('', t('header.review'), ...todos.map((x) => `  - ${x.message}`));
  return { playbook, header, notes, todos };
}
