// Secret values of a compiled plan and their masking in review output (plans, diffs, reports): the engine's redaction.
import type { CompiledPlan } from '../engine/plan.js';
import { collectSecrets } from '../engine/compile.js';
import { MASK, redactText } from '../engine/redact.js';

export { MASK };

/** Secret values of a plan (params and env marked secret, included playbooks too). */
export function planSecrets(plan: CompiledPlan): string[] {
  return collectSecrets(plan).filter((s) => s !== MASK);
}

/** Replaces every secret (as written, shell-quoted or JSON-escaped) with the mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets.length === 0 ? text : redactText(text, secrets);
}
