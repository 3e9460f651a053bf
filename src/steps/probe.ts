// The kinds a probe may use — check, verify, pre/postconditions, rollbacks and `wait` poll them — and
// how a probe is compiled, run and told.
import type { YamlPath } from '../engine/loaded.js';
import type { ProbeActionSpec, StepCompiler } from './compiler.js';
import type { ActionContext, ActionResult } from './context.js';
import { httpKind, type HttpAction } from './http.js';
import type { AddTemplate, ProbeKind, ProbeKindName } from './kind.js';
import { runKind, type RunAction } from './run.js';

/** What a probe does: a shell command that must exit 0, or an HTTP request with expectations. */
export type PlanProbeAction = RunAction | HttpAction;

/** The probe kinds (also step kinds: index.ts lists them with the others). */
export const probeKinds = { run: runKind, http: httpKind } satisfies { [K in ProbeKindName]: ProbeKind<K> };

type AnyProbeKind = ProbeKind<ProbeKindName>;

/** The probe kind of an action. */
export function probeKind(action: PlanProbeAction): AnyProbeKind {
  return probeKinds[action.kind];
}

/** A probe written as a string is a shell command (`check: test -f x`); otherwise the one kind key it has. */
export function compileProbeAction(spec: string | ProbeActionSpec, at: YamlPath, c: StepCompiler): PlanProbeAction {
  if (typeof spec === 'string') return probeKinds.run.compile(spec, at, c);
  for (const name of Object.keys(probeKinds) as ProbeKindName[]) {
    const value = spec[name];
    if (value !== undefined) return (probeKinds[name] as AnyProbeKind).compile(value, [...at, name], c);
  }
  // The schema rules this out (a probe names exactly one kind): an empty command, as a step without an action.
  return emptyAction();
}

/** The templates of a probe's action as written (a string is a shell command at `at` itself), for lint. */
export function probeActionSites(spec: string | ProbeActionSpec, at: YamlPath, add: AddTemplate): void {
  if (typeof spec === 'string') return probeKinds.run.sites(spec, at, add);
  for (const name of Object.keys(probeKinds) as ProbeKindName[]) {
    const value = spec[name];
    if (value !== undefined) (probeKinds[name] as AnyProbeKind).sites(value, [...at, name], add);
  }
}

/** What a step or probe naming no action compiles to, next to its error: an empty command. */
export function emptyAction(): PlanProbeAction {
  return { kind: 'run', command: { text: '', source: '', kind: 'text', deferred: false, raw: [] } };
}

export function runProbeAction(action: PlanProbeAction, ctx: ActionContext): Promise<ActionResult> {
  return probeKind(action).run(action, ctx);
}

/** How a probe shows in events, messages, diffs and plans: its command, or `METHOD url` (templates as written). */
export function describeProbeAction(action: PlanProbeAction): string {
  return probeKind(action).describe(action, (template) => template.text);
}
