// The `playbook` step kind: includes another playbook, compiled by the includes pass and run as a sub-run
// sharing the journal; its own steps roll back before the include step.
import type { StepKind } from './kind.js';

export const playbookKind = {
  output: false,
  compile: (spec, at, c) => {
    const params: Record<string, string> = {};
    const secret: string[] = [];
    for (const [name, value] of Object.entries(spec.params ?? {})) {
      params[name] = typeof value === 'string' ? c.template(value, 'text', [...at, 'params', name], { outputs: false }).text : String(value);
      // Secrecy travels with the value: the included playbook gets it as a secret parameter.
      if (typeof value === 'string' && c.readsSecret(value)) secret.push(name);
    }
    return { include: { path: spec.path, params, secret, at: [...at, 'path'] }, complete: (plan) => ({ kind: 'playbook', path: spec.path, plan }) };
  },
  run: (action, ctx, services) => services.runNested(action, ctx),
  included: (action) => ({ path: action.path, plan: action.plan }),
} satisfies StepKind<'playbook'>;
