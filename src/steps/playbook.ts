// The `playbook` step kind: includes another playbook, compiled by the includes pass and run as a sub-run
// sharing the journal; its own steps roll back before the include step.
import type { CompiledPlan } from '../engine/plan.js';
import { defineCatalog, translator } from '../i18n/index.js';
import type { StepKind } from './kind.js';

/** Another playbook, compiled (by the includes pass) with the parameters the step gives it. */
export interface PlaybookAction {
  kind: 'playbook';
  /** As written in the step, relative to the including playbook. */
  path: string;
  plan: CompiledPlan;
}

const messages = defineCatalog({
  en: { label: 'playbook', started: 'playbook {path}', includes: 'Included playbook {path}' },
  'zh-CN': { label: '子 playbook', started: '子 playbook {path}', includes: '引入的 playbook {path}' },
});

export const playbookKind = {
  messages,
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
  // Its parameters are the included playbook's to check (lint follows includes).
  sites: () => {},
  started: (action, _render, lang) => translator(messages, lang)('started', { path: action.path }),
  summary: (action) => `playbook ${action.path}`,
  planText: (action, w) => [...w.labelled(translator(messages, w.lang)('label'), `${action.path} (${action.plan.playbook.name})`), ...w.included(action.plan)],
  // The path as written in the step: the included plan's own file is absolute (machine-specific).
  planMarkdown: (action, w) => w.details(w.escape(translator(messages, w.lang)('includes', { path: action.path })), w.included(action.plan, action.path)),
  timeLimit: () => undefined,
  commands: () => [],
  rawSites: () => [],
  readOnly: () => true,
  gate: false,
  output: false,
  expectsRollback: true,
  local: true,
  included: (action) => ({ path: action.path, plan: action.plan }),
} satisfies StepKind<'playbook'>;
