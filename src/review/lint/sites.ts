// Every template of a playbook with its YAML path and role, and every step: what lint rules look at.
import type { LoadedPlaybook, YamlPath } from '../../engine/loaded.js';
import type { EnvMap, Playbook, Probe, Rollback, Step } from '../../engine/playbook.gen.js';
import type { TemplateKind } from '../../engine/plan.js';
import { hookLists, type HookName } from '../../engine/hook-names.js';
import { actionSites, isGateStep } from '../../steps/index.js';
import { probeActionSites } from '../../steps/probe.js';

export type TemplateRole = 'action' | 'check' | 'verify' | 'rollback' | 'when' | 'precondition' | 'postcondition' | 'other';

export interface StepSite {
  /** The list the step is in: `steps`, `finally`, or a hook (`on_success`, `on_failure`, `on_rollback_failed`). */
  list: 'steps' | 'finally' | HookName;
  index: number;
  step: Step;
  path: YamlPath;
}

export interface TemplateSite {
  path: YamlPath;
  source: string;
  kind: TemplateKind;
  role: TemplateRole;
  step?: StepSite;
}

export interface PlaybookSites {
  steps: StepSite[];
  templates: TemplateSite[];
}

/** The shell commands a step's own action runs (not its probes), with their paths. */
export function actionCommands(site: StepSite): { path: YamlPath; source: string }[] {
  const out: { path: YamlPath; source: string }[] = [];
  actionSites(site.step, site.path, (path, source, kind) => {
    if (kind === 'shell' && typeof source === 'string') out.push({ path, source });
  });
  return out;
}

/** Whether a confirmation gate comes before this step in the same list (`steps` or `finally`). */
export function confirmBefore(steps: readonly StepSite[], site: StepSite): boolean {
  return steps.some((o) => o.list === site.list && o.index < site.index && isGateStep(o.step));
}

/** The shell command of a step's rollback, if it is one, with its path. */
export function rollbackCommand(site: StepSite): { path: YamlPath; source: string } | undefined {
  if (site.step.rollback === undefined) return undefined;
  let command: { path: YamlPath; source: string } | undefined;
  probeActionSites(site.step.rollback, [...site.path, 'rollback'], (path, source, kind) => {
    if (kind === 'shell' && typeof source === 'string') command ??= { path, source };
  });
  return command;
}

function collect(playbook: Readonly<Playbook>): PlaybookSites {
  const templates: TemplateSite[] = [];
  const steps: StepSite[] = [];
  const add = (path: YamlPath, source: unknown, kind: TemplateKind, role: TemplateRole, step?: StepSite): void => {
    if (typeof source === 'string') templates.push({ path, source, kind, role, ...(step ? { step } : {}) });
  };
  const env = (path: YamlPath, e: EnvMap | undefined, step?: StepSite): void => {
    for (const [name, value] of Object.entries(e ?? {})) {
      if (typeof value === 'string') add([...path, name], value, 'text', 'other', step);
      else if (value && typeof value === 'object' && typeof value.value === 'string') add([...path, name, 'value'], value.value, 'text', 'other', step);
    }
  };
  const probe = (path: YamlPath, p: Probe | Rollback | undefined, role: TemplateRole, step?: StepSite): void => {
    if (p === undefined) return;
    probeActionSites(p, path, (at, source, kind) => add(at, source, kind, role, step));
    if (typeof p === 'string') return;
    add([...path, 'cwd'], p.cwd, 'text', 'other', step);
    add([...path, 'become'], (p as { become?: unknown }).become, 'text', 'other', step);
    env([...path, 'env'], p.env, step);
    if ('verify' in p) probe([...path, 'verify'], p.verify as Probe | undefined, 'verify', step);
  };
  const stepList = (list: StepSite['list'], items: readonly Step[] | undefined): void => {
    (items ?? []).forEach((step, index) => {
      const site: StepSite = { list, index, step, path: [list, index] };
      steps.push(site);
      const p = site.path;
      actionSites(step, p, (at, source, kind) => add(at, source, kind, 'action', site));
      probe([...p, 'check'], step.check, 'check', site);
      probe([...p, 'verify'], step.verify, 'verify', site);
      probe([...p, 'rollback'], step.rollback, 'rollback', site);
      add([...p, 'when'], step.when, 'text', 'when', site);
      add([...p, 'cwd'], step.cwd, 'text', 'other', site);
      add([...p, 'become'], step.become, 'text', 'other', site);
      env([...p, 'env'], step.env, site);
    });
  };
  env(['env'], playbook.env);
  add(['become'], playbook.become, 'text', 'other');
  (playbook.preconditions ?? []).forEach((p, i) => probe(['preconditions', i], p, 'precondition'));
  stepList('steps', playbook.steps);
  (playbook.postconditions ?? []).forEach((p, i) => probe(['postconditions', i], p, 'postcondition'));
  stepList('finally', playbook.finally);
  for (const [hook, items] of hookLists(playbook as Playbook)) stepList(hook, items);
  return { steps, templates };
}

const cache = new WeakMap<object, PlaybookSites>();

/** The sites of a loaded playbook (computed once per playbook). */
export function playbookSites(loaded: LoadedPlaybook): PlaybookSites {
  let sites = cache.get(loaded.playbook);
  if (!sites) {
    sites = collect(loaded.playbook);
    cache.set(loaded.playbook, sites);
  }
  return sites;
}
