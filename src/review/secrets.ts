// The secret values of a compiled plan and their masking in review output (plans, diffs, reports).
import type { CompiledPlan, PlanStep } from '../engine/plan.js';

export const MASK = '••••••';

function stepEnvSecrets(steps: PlanStep[], out: Set<string>): void {
  for (const step of steps) {
    for (const e of step.env) if (e.secret) out.add(e.value.text);
    if (step.action.kind === 'playbook') collectPlanSecrets(step.action.plan, out);
  }
}

function collectPlanSecrets(plan: CompiledPlan, out: Set<string>): void {
  for (const p of plan.params) if (p.secret && p.value !== undefined) out.add(String(p.value));
  for (const e of plan.env) if (e.secret) out.add(e.value.text);
  stepEnvSecrets(plan.steps, out);
  stepEnvSecrets(plan.finally, out);
}

/** Secret values of a plan (params and env marked secret, included playbooks too), longest first. */
export function planSecrets(plan: CompiledPlan): string[] {
  const out = new Set<string>();
  collectPlanSecrets(plan, out);
  return [...out].filter((s) => s.length > 0 && s !== MASK).sort((a, b) => b.length - a.length);
}

/** Replaces every secret (as written, and as shell-quoting would write it) with the mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join(MASK);
    const quoted = secret.replace(/'/g, `'\\''`);
    if (quoted !== secret) out = out.split(quoted).join(MASK);
  }
  return out;
}
