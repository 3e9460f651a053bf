// The host variables a plan's target steps read (`{{host.vars.x}}`), and the selected hosts that lack one.
import type { CompiledPlan, Rendered } from './plan.js';
import { parseTemplate } from './template.js';

function isRendered(value: unknown): value is Rendered {
  return typeof value === 'object' && value !== null && typeof (value as Rendered).source === 'string' && typeof (value as Rendered).kind === 'string' && typeof (value as Rendered).deferred === 'boolean';
}

/** Every template of a value (a step, with its probes, rollback, env and cwd). */
function templatesIn(value: unknown, out: Rendered[] = []): Rendered[] {
  if (isRendered(value)) out.push(value);
  else if (Array.isArray(value)) for (const item of value) templatesIn(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) templatesIn(item, out);
  return out;
}

/** The first names under `host.vars` the `on: targets` steps read, in plan order (each once). */
export function hostVarsRead(plan: CompiledPlan): string[] {
  const names = new Set<string>();
  for (const step of plan.steps.filter((s) => s.on === 'targets')) {
    for (const t of templatesIn(step)) {
      for (const ref of parseTemplate(t.source, t.kind).references) if (ref.parts[0] === 'host' && ref.parts[1] === 'vars' && ref.parts[2]) names.add(ref.parts[2]);
    }
  }
  return [...names];
}

/** The hosts that lack a variable the plan reads: `{ host, name }` for each. */
export function missingHostVars(plan: CompiledPlan, hosts: readonly { name: string; vars: Readonly<Record<string, unknown>> }[]): { host: string; name: string }[] {
  const read = hostVarsRead(plan);
  return hosts.flatMap((h) => read.filter((name) => !Object.hasOwn(h.vars, name)).map((name) => ({ host: h.name, name })));
}
