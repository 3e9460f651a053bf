// `env:` of the playbook, a step, a probe or a rollback: values as templates, or taken from runbook's
// own environment (`from_env`); a value built from a secret is a secret too.
import type { YamlPath } from '../loaded.js';
import type { EnvMap } from '../playbook.gen.js';
import type { PlanEnv } from '../plan.js';
import type { Compiler } from './compiler.js';
import { literal, readsSecret, template, type Scope } from './templates.js';

export function compileEnv(c: Compiler, map: EnvMap | undefined, path: YamlPath, scope: Scope): PlanEnv[] {
  const out: PlanEnv[] = [];
  for (const [name, spec] of Object.entries(map ?? {})) {
    const p = [...path, name];
    if (typeof spec === 'string') {
      // A value built from a secret parameter is a secret too: masked wherever the variable is shown.
      out.push({ name, value: template(c, spec, 'text', p, scope), secret: readsSecret(c, spec) });
    } else if (typeof spec === 'number' || typeof spec === 'boolean') {
      out.push({ name, value: literal(String(spec)), secret: false });
    } else {
      const secret = spec.secret === true;
      if (spec.value !== undefined && spec.from_env !== undefined) {
        c.error('env.both', c.t('env.both', { name }), p, c.t('env.bothHint'));
        continue;
      }
      if (spec.from_env !== undefined) {
        const env = c.pass.env(c);
        const value = env?.[spec.from_env];
        if (value === undefined) {
          // Missing only where the environment is known (not in `validate`'s check).
          if (spec.required && env) c.error('env.missing', c.t('env.missing', { variable: spec.from_env, name }), p, c.t('env.missingHint', { variable: spec.from_env }));
          continue;
        }
        out.push({ name, value: literal(value), secret, fromEnv: spec.from_env });
      } else {
        out.push({ name, value: template(c, spec.value ?? '', 'text', [...p, 'value'], scope), secret: secret || readsSecret(c, spec.value ?? '') });
      }
    }
  }
  return out;
}
