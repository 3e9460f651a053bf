// A compiled plan with its secrets masked in every text (names, titles, messages, commands, values), for every sink that shows a plan.
import { collectSecrets } from './compile.js';
import type { CompiledPlan } from './plan.js';
import { maskText, secretForms } from './redact.js';
import { kindVocabulary } from '../steps/index.js';

/**
 * Keys of a compiled plan whose values are vocabulary (`kind: run`, `risk: high`, `source: default`):
 * kept when they hold one of their words, so a secret that happens to be `run` cannot change what the
 * plan means. Anything else under them (a template's source text) is text like the rest.
 */
const VOCABULARY: Record<string, ReadonlySet<string>> = {
  ...Object.fromEntries(Object.entries(kindVocabulary()).map(([field, words]) => [field, new Set(words)])),
  // Template kinds (`kind: shell`) beside the step kinds.
  kind: new Set([...(kindVocabulary().kind ?? []), 'shell', 'text', 'url']),
  type: new Set(['string', 'integer', 'number', 'boolean']),
  risk: new Set(['low', 'medium', 'high']),
  onInterrupt: new Set(['rollback', 'stop']),
  parse: new Set(['text', 'json']),
  source: new Set(['given', 'default', 'sandbox', 'unset']),
  // Why a step is left out (`deselected.by`, select.ts).
  by: new Set(['only', 'from', 'skip']),
};

/** Applies `fn` to every text of a plan (included playbooks too), leaving its vocabulary alone. */
export function mapPlanText(plan: CompiledPlan, fn: (text: string) => string): CompiledPlan {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return VOCABULARY[key]?.has(value) ? value : fn(value);
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(value)) out[k] = walk(inner, k);
      return out;
    }
    return value;
  };
  return walk(plan, '') as CompiledPlan;
}

/**
 * The plan with its secrets (secret parameters and env, included playbooks' too) masked in every
 * text, as written and in their quoted and encoded forms. `secrets` defaults to the plan's own.
 */
export function maskPlan(plan: CompiledPlan, secrets: readonly string[] = collectSecrets(plan)): CompiledPlan {
  if (secrets.length === 0) return plan;
  const forms = secretForms(secrets);
  return mapPlanText(plan, (text) => maskText(text, forms));
}
