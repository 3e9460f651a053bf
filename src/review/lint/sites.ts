// Every template of a playbook with its YAML path and role, and every step: what lint rules look at.
import type { LoadedPlaybook, YamlPath } from '../../engine/loaded.js';
import type { EnvMap, HttpSpec, Playbook, Probe, Rollback, Step } from '../../engine/playbook.gen.js';
import type { TemplateKind } from '../../engine/plan.js';

export type TemplateRole = 'action' | 'check' | 'verify' | 'rollback' | 'when' | 'precondition' | 'postcondition' | 'other';

export interface StepSite {
  list: 'steps' | 'finally';
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
  const s = site.step;
  if (typeof s.run === 'string') return [{ path: [...site.path, 'run'], source: s.run }];
  if (s.wait && typeof s.wait.run === 'string') return [{ path: [...site.path, 'wait', 'run'], source: s.wait.run }];
  return [];
}

/** Whether a `confirm` step comes before this step in the same list (`steps` or `finally`): the gate. */
export function confirmBefore(steps: readonly StepSite[], site: StepSite): boolean {
  return steps.some((o) => o.list === site.list && o.index < site.index && o.step.confirm !== undefined);
}

/** The shell command of a step's rollback, if it is one. */
export function rollbackCommand(step: Step): string | undefined {
  const r = step.rollback;
  if (typeof r === 'string') return r;
  return typeof r?.run === 'string' ? r.run : undefined;
}

function collect(playbook: Readonly<Playbook>): PlaybookSites {
  const templates: TemplateSite[] = [];
  const steps: StepSite[] = [];
  const add = (path: YamlPath, source: unknown, kind: TemplateKind, role: TemplateRole, step?: StepSite): void => {
    if (typeof source === 'string') templates.push({ path, source, kind, role, ...(step ? { step } : {}) });
  };
  const http = (path: YamlPath, h: HttpSpec | undefined, role: TemplateRole, step?: StepSite): void => {
    if (!h) return;
    add([...path, 'url'], h.url, 'url', role, step);
    for (const [name, value] of Object.entries(h.headers ?? {})) add([...path, 'headers', name], value, 'text', role, step);
    if (typeof h.body === 'string') add([...path, 'body'], h.body, 'text', role, step);
  };
  const env = (path: YamlPath, e: EnvMap | undefined, step?: StepSite): void => {
    for (const [name, value] of Object.entries(e ?? {})) {
      if (typeof value === 'string') add([...path, name], value, 'text', 'other', step);
      else if (value && typeof value === 'object' && typeof value.value === 'string') add([...path, name, 'value'], value.value, 'text', 'other', step);
    }
  };
  const probe = (path: YamlPath, p: Probe | Rollback | undefined, role: TemplateRole, step?: StepSite): void => {
    if (p === undefined) return;
    if (typeof p === 'string') {
      add(path, p, 'shell', role, step);
      return;
    }
    add([...path, 'run'], p.run, 'shell', role, step);
    http([...path, 'http'], p.http, role, step);
    add([...path, 'cwd'], p.cwd, 'text', 'other', step);
    env([...path, 'env'], p.env, step);
    if ('verify' in p) probe([...path, 'verify'], p.verify as Probe | undefined, 'verify', step);
  };
  const stepList = (list: 'steps' | 'finally', items: readonly Step[] | undefined): void => {
    (items ?? []).forEach((step, index) => {
      const site: StepSite = { list, index, step, path: [list, index] };
      steps.push(site);
      const p = site.path;
      add([...p, 'run'], step.run, 'shell', 'action', site);
      http([...p, 'http'], step.http, 'action', site);
      if (step.wait) {
        add([...p, 'wait', 'run'], step.wait.run, 'shell', 'action', site);
        http([...p, 'wait', 'http'], step.wait.http, 'action', site);
      }
      if (step.confirm && typeof step.confirm === 'object' && 'message' in step.confirm) add([...p, 'confirm', 'type'], step.confirm.type, 'text', 'action', site);
      if (step.notify) {
        add([...p, 'notify', 'url'], step.notify.url, 'url', 'action', site);
        add([...p, 'notify', 'title'], step.notify.title, 'text', 'action', site);
        add([...p, 'notify', 'message'], step.notify.message, 'text', 'action', site);
      }
      probe([...p, 'check'], step.check, 'check', site);
      probe([...p, 'verify'], step.verify, 'verify', site);
      probe([...p, 'rollback'], step.rollback, 'rollback', site);
      add([...p, 'when'], step.when, 'text', 'when', site);
      add([...p, 'cwd'], step.cwd, 'text', 'other', site);
      env([...p, 'env'], step.env, site);
    });
  };
  env(['env'], playbook.env);
  (playbook.preconditions ?? []).forEach((p, i) => probe(['preconditions', i], p, 'precondition'));
  stepList('steps', playbook.steps);
  (playbook.postconditions ?? []).forEach((p, i) => probe(['postconditions', i], p, 'postcondition'));
  stepList('finally', playbook.finally);
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
