// Redaction of secret values from any text or JSON-like value before it reaches a sink.
import { shellQuote } from './template.js';

export const MASK = '••••••';

/** The forms a secret can take in output: as is, shell-quoted, JSON-escaped, percent-encoded (in URLs). Longest first. */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(shellQuote(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
    try {
      forms.add(encodeURIComponent(secret));
    } catch {
      // a lone surrogate cannot be percent-encoded, so no URL holds it that way
    }
  }
  return [...forms].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every secret (and its quoted forms) with the mask. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) {
    if (out.includes(form)) out = out.split(form).join(MASK);
  }
  return out;
}

/** Redacts every string inside a JSON-like value (plans, events). Returns a new value. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
