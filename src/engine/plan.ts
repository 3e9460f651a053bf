// The compiled plan: what `plan` shows and `play` runs. Plain, frozen, JSON-serialisable data.
import type { Text } from './playbook.gen.js';
import type { PlanAction } from '../steps/index.js';
import type { PlanProbeAction } from '../steps/probe.js';

export type Risk = 'low' | 'medium' | 'high';
/** One value of a scalar parameter, or one item of a list. */
export type ScalarValue = string | number | boolean;
/** A parameter's value: a scalar, or a list of scalars (`type: array`). */
export type ParamValue = ScalarValue | ScalarValue[];

/** How a template's values are inserted: shell-quoted, as text, percent-encoded into a URL. */
export type TemplateKind = 'shell' | 'text' | 'url';

/**
 * A template after compilation. When it reads only parameters it is rendered at compile time
 * (`deferred: false`, `text` is final). When it reads step outputs (`{{steps.x.stdout}}`) it is
 * rendered once at run time, just before use: `text` then shows placeholders like `⟨steps.x.stdout⟩`.
 */
export interface Rendered {
  text: string;
  /** The template as written in the playbook. */
  source: string;
  kind: TemplateKind;
  deferred: boolean;
  /** Names inserted without quoting (`{{raw x}}`): flagged by `plan` and `lint`. */
  raw: string[];
  /** In an iteration of a `for_each` step, a template that reads `{{item}}`: the item it renders with. */
  item?: unknown;
}

export interface PlanLocation {
  line: number;
  col: number;
}

export interface PlanParam {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  value: ParamValue | undefined;
  /** `type: array`: the type of its items. */
  items?: { type: 'string' | 'integer' | 'number' | 'boolean'; enum?: ScalarValue[]; pattern?: string };
  secret: boolean;
  /** Where the value came from. */
  source: 'given' | 'default' | 'sandbox' | 'unset';
  description?: Text;
  enum?: ScalarValue[];
  pattern?: string;
}

export interface PlanEnv {
  name: string;
  value: Rendered;
  secret: boolean;
  /** The variable of runbook's own environment the value was taken from (`env: { from_env }`). */
  fromEnv?: string;
}

/** What a probe does (src/steps/probe.ts): a shell command that must exit 0, or an HTTP request with expectations. */
export type { PlanProbeAction } from '../steps/probe.js';
export type { PlanHttp } from '../steps/http.js';

export interface PlanProbe {
  name?: Text;
  action: PlanProbeAction;
  retries: number;
  delayMs: number;
  timeoutMs: number;
  cwd?: Rendered;
  env: PlanEnv[];
  location?: PlanLocation;
  /** Run the command as this user (`become`). */
  become?: string;
}

/** What a step does: one of the step kinds, each defining its action in its module (src/steps/index.ts lists them). */
export type { PlanAction } from '../steps/index.js';

/** How to undo a completed step: a probe-like action (run or http), with its own verify. */
export interface PlanRollback extends PlanProbe {
  verify?: PlanProbe;
}

/** Why a step does not run in this run: `--only` did not name it, it comes before `--from`, or `--skip` named it (src/engine/select.ts). */
export interface PlanDeselection {
  by: 'only' | 'from' | 'skip';
  /** The names that decided, as shown: step ids as written, tags as `tag:<name>`. */
  names: string[];
}

/** `--from`, `--only`, `--skip` as given (names resolved: step ids as written, tags as `tag:<name>`). */
export interface PlanSelection {
  from?: string;
  only: string[];
  skip: string[];
}

export interface PlanStep {
  id: string;
  name?: Text;
  description?: Text;
  /** Names to select the step by (`--only`, `--skip`); absent when it has none. */
  tags?: string[];
  /** Left out of this run by the selection: shown as skipped with why, never run (nor rolled back). */
  deselected?: PlanDeselection;
  action: PlanAction;
  check?: PlanProbe;
  verify?: PlanProbe;
  rollback?: PlanRollback;
  when?: Rendered;
  timeoutMs: number;
  retries: number;
  delayMs: number;
  backoff: number;
  continueOnError: boolean;
  cwd?: Rendered;
  env: PlanEnv[];
  parse: 'text' | 'json';
  location?: PlanLocation;
  /** Runs on every target host (`on: targets`); absent: on the ops host, once (run/hosts.ts). */
  on?: 'targets';
  /** Run its shell commands as this user (`become`; its probes and rollback carry their own). */
  become?: string;
  /** A step with `for_each` (src/engine/compile/for-each.ts): an iteration of it, or the loop itself when its list is known only at run time. */
  forEach?: PlanForEach;
}

/**
 * `for_each`. An iteration (`restart[mlflow]`) has `step` (the step's id as written, what a selection by
 * id matches), `label` and `index`. A loop over a step output, known only at run time, stays one step
 * with `over` (`steps.ls.json.items`): the run expands it into iterations.
 */
export interface PlanForEach {
  step: string;
  label?: string;
  index?: number;
  over?: string;
  maxItems: number;
}

export interface PlanWarning {
  code: string;
  message: string;
  location?: PlanLocation;
}

/** The hooks a playbook declares (`on_success`, `on_failure`, `on_rollback_failed`): steps run after `finally`. */
export type PlanHooks = Partial<Record<'on_success' | 'on_failure' | 'on_rollback_failed', PlanStep[]>>;

export interface CompiledPlan {
  formatVersion: 1;
  playbook: {
    name: string;
    title: Text;
    description?: Text;
    risk: Risk;
    tags: string[];
    /** Path of the playbook file as given (relative paths stay relative for stable output). */
    file: string;
    lock: string;
    onInterrupt: 'rollback' | 'stop';
    /** The playbook's `cwd`, rendered: every step and pre/postcondition naming none runs there. */
    cwd?: string;
    /** The playbook's `become`: every command naming none runs as this user. */
    become?: string;
  };
  params: PlanParam[];
  env: PlanEnv[];
  preconditions: PlanProbe[];
  steps: PlanStep[];
  postconditions: PlanProbe[];
  finally: PlanStep[];
  /** Present only when the playbook declares a hook. */
  hooks?: PlanHooks;
  warnings: PlanWarning[];
  /** True when compiled for the built-in sandbox (`--sandbox`). */
  sandbox: boolean;
  /** The step selection of this run (`--from`, `--only`, `--skip`); absent when every step is selected. */
  selection?: PlanSelection;
  /** `targets:` and how the rollout goes over them (absent: everything runs on the ops host). */
  targets?: PlanTargets;
}

/** The playbook's `targets`, `serial`, `max_fail`, `on_max_fail` and `order`, as written (resolved against an inventory by run/batches.ts). */
export interface PlanTargets {
  pattern: string;
  /** Hosts per batch: a count or `n%`; absent: every host in one batch. */
  serial?: number | string;
  /** Failed or unreachable hosts allowed before no new batch starts: a count or `n%`. */
  maxFail: number | string;
  onMaxFail: 'keep' | 'rollback';
  order: 'inventory' | 'random';
}

/** The steps of a plan's hooks, `on_success` then `on_failure` then `on_rollback_failed`. */
export function hookSteps(plan: Pick<CompiledPlan, 'hooks'>): PlanStep[] {
  const hooks = plan.hooks ?? {};
  return [...(hooks.on_success ?? []), ...(hooks.on_failure ?? []), ...(hooks.on_rollback_failed ?? [])];
}

/** Defaults the compiler applies where the playbook says nothing (documented in docs/format.md). */
export const planDefaults = {
  stepTimeoutMs: 10 * 60_000,
  probeTimeoutMs: 60_000,
  httpTimeoutMs: 10_000,
  waitIntervalMs: 2_000,
  waitTimeoutMs: 5 * 60_000,
  backoff: 2,
} as const;

/** A parameter's value as people read it: a scalar as text, a list as JSON (`["api","mlflow"]`). */
export function paramText(value: ParamValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}
