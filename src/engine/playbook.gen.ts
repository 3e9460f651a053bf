/* Generated from runbooks/schemas/playbook.schema.json by `npm run generate`. Do not edit. */

/**
 * Text shown to users: a string, or one per language (`en`, `zh-CN`).
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "text".
 */
export type Text =
  | string
  | {
      en?: string;
      'zh-CN'?: string;
    };
/**
 * A Handlebars template. In commands each value reaches the process through its environment (plans show it shell-quoted in place); in URLs it is percent-encoded; `{{raw x}}` inserts it into the text as is.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "template".
 */
export type Template = string;
/**
 * A read-only check: a shell command that must exit 0, or an HTTP request with expectations. A string is a shell command.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "probe".
 */
export type Probe = Template | ProbeSpec;
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "probeSpec".
 */
export type ProbeSpec = {
  [k: string]: unknown;
} & {
  name?: Text;
  run?: Template;
  http?: HttpSpec;
  retries?: number;
  delay?: Duration;
  timeout?: Duration;
  cwd?: Template;
  env?: EnvMap1;
  /**
   * Run the command as this user (`sudo -n -u`, or `setpriv` when runbook runs as root). Default: the step's `become`, else the playbook's.
   */
  become?: string;
};
/**
 * A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "duration".
 */
export type Duration = number | string;
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "step".
 */
export type Step = {
  [k: string]: unknown;
} & {
  /**
   * Unique step id; later steps read its outputs as `{{steps.<id>.stdout}}`.
   */
  id: string;
  name?: Text;
  description?: Text;
  /**
   * A Handlebars template. In commands each value reaches the process through its environment (plans show it shell-quoted in place); in URLs it is percent-encoded; `{{raw x}}` inserts it into the text as is.
   */
  run?: string;
  http?: HttpSpec;
  wait?: WaitSpec;
  confirm?: ConfirmSpec;
  playbook?: PlaybookSpec;
  notify?: NotifySpec;
  /**
   * A read-only check: a shell command that must exit 0, or an HTTP request with expectations. A string is a shell command.
   */
  check?: Template | ProbeSpec;
  /**
   * A read-only check: a shell command that must exit 0, or an HTTP request with expectations. A string is a shell command.
   */
  verify?: Template | ProbeSpec;
  rollback?: Rollback;
  /**
   * A Handlebars template. In commands each value reaches the process through its environment (plans show it shell-quoted in place); in URLs it is percent-encoded; `{{raw x}}` inserts it into the text as is.
   */
  when?: string;
  timeout?: Duration;
  retries?: number;
  /**
   * A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.
   */
  delay?: number | string;
  /**
   * Multiplier applied to the delay after each retry (default 2).
   */
  backoff?: number;
  continue_on_error?: boolean;
  cwd?: Template;
  env?: EnvMap1;
  /**
   * Parse the action's stdout as JSON into `{{steps.<id>.json}}`.
   */
  parse?: 'text' | 'json';
  /**
   * Names to select the step by (`runbook play --only <tag>`, `--skip <tag>`).
   *
   * @maxItems 32
   */
  tags?: string[];
  /**
   * Where the step runs: `local` (the ops host, once) or `targets` (every target host, over ssh). Default with `targets`: `targets` for run, http and wait steps; `local` for confirm, notify and playbook steps.
   */
  on?: 'local' | 'targets';
  /**
   * Run the step's commands (its action, check, verify and rollback) as this user: `sudo -n -u <user>`, or `setpriv` when runbook runs as root. Overrides the playbook's `become`. Only shell commands are affected.
   */
  become?: string;
  /**
   * Runs the step once per item: a list parameter (`"{{services}}"`), a literal list, or a step output parsed as JSON (`"{{steps.ls.json.items}}"`). Each iteration reads its item as `{{item}}` (`{{item.key}}` for objects) and is its own step `<id>[<label>]`.
   */
  for_each?: string | (string | number | boolean | {})[];
  /**
   * The most items `for_each` may run over (default 1000).
   */
  max_items?: number;
};
/**
 * Poll a probe until it passes or the timeout is reached.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "waitSpec".
 */
export type WaitSpec = {
  [k: string]: unknown;
} & {
  run?: Template;
  http?: HttpSpec;
  /**
   * A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.
   */
  interval?: number | string;
  /**
   * A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.
   */
  timeout?: number | string;
};
/**
 * A human gate. A string is the question (y/N). With `type`, the user must type that word.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "confirmSpec".
 */
export type ConfirmSpec =
  | Text
  | {
      message: Text;
      /**
       * A Handlebars template. In commands each value reaches the process through its environment (plans show it shell-quoted in place); in URLs it is percent-encoded; `{{raw x}}` inserts it into the text as is.
       */
      type?: string;
    };
/**
 * How to undo a completed step. A string is a shell command.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "rollback".
 */
export type Rollback = Template | RollbackSpec;
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "rollbackSpec".
 */
export type RollbackSpec = {
  [k: string]: unknown;
} & {
  name?: Text;
  run?: Template;
  http?: HttpSpec;
  verify?: Probe;
  timeout?: Duration;
  retries?: number;
  delay?: Duration;
  cwd?: Template;
  env?: EnvMap1;
  /**
   * Run the command as this user (`sudo -n -u`, or `setpriv` when runbook runs as root). Default: the step's `become`, else the playbook's.
   */
  become?: string;
};
/**
 * Hook: steps run after `finally` when the run succeeded (typically `notify`). `{{run.status}}`, `{{run.id}}`, `{{run.playbook}}`, `{{run.duration}}`, `{{run.journal}}`, `{{run.operator}}`, `{{run.host}}` are readable. A failing hook is reported and never changes the run's exit code.
 */
export type HookSteps = Step[];
/**
 * Hook: steps run after `finally` when the run failed, a precondition failed, a gate stopped it or it was interrupted (and when a rollback failed, unless `on_rollback_failed` is given). `{{run.failed_step}}` and `{{run.error}}` say what went wrong.
 */
export type HookSteps1 = Step[];
/**
 * Hook: steps run after `finally` when a rollback failed (status `rollback_failed`: a human must look). Without it, `on_failure` runs then.
 */
export type HookSteps2 = Step[];
/**
 * Steps of a hook (on_success, on_failure, on_rollback_failed): like `finally` steps, without rollback and without `playbook` includes.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "hookSteps".
 */
export type HookSteps3 = Step[];
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "identifier".
 */
export type Identifier = string;
/**
 * Names a parameter cannot have: names templates already give a meaning to (helpers, blocks, `steps`, `sandbox`, `this`, names of JavaScript objects) and names kept for coming features (`item`, `host`, `run`, `labels`, `annotations`).
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "reservedName".
 */
export type ReservedName =
  | '__proto__'
  | 'constructor'
  | 'prototype'
  | 'raw'
  | 'default'
  | 'json'
  | 'lower'
  | 'upper'
  | 'trim'
  | 'eq'
  | 'ne'
  | 'and'
  | 'or'
  | 'not'
  | 'if'
  | 'unless'
  | 'else'
  | 'each'
  | 'with'
  | 'lookup'
  | 'log'
  | 'steps'
  | 'sandbox'
  | 'this'
  | 'item'
  | 'host'
  | 'run'
  | 'labels'
  | 'annotations';
/**
 * A user name (or a template of parameters giving one); checked before the run starts.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "becomeUser".
 */
export type BecomeUser = string;

/**
 * A runbook playbook: parameters, preconditions, steps with check/verify/rollback, finally and postconditions. This file is the one definition of the format.
 */
export interface Playbook {
  /**
   * Machine name of the playbook (kebab-case). Used for the lock key, journals and `playbook:` includes.
   */
  name: string;
  /**
   * One-line human title, shown in plans, lists and the UI. Optional: the name is shown when there is none.
   */
  title?:
    | string
    | {
        en?: string;
        'zh-CN'?: string;
      };
  /**
   * What the playbook fixes or does, and when to use it.
   */
  description?:
    | string
    | {
        en?: string;
        'zh-CN'?: string;
      };
  /**
   * How dangerous the playbook is. Reviewers see it; high-risk playbooks should gate destructive steps with `confirm`.
   */
  risk?: 'low' | 'medium' | 'high';
  tags?: string[];
  /**
   * Lock key. Two runs holding the same key cannot run at once. Default: the playbook name.
   */
  lock?: string;
  /**
   * What Ctrl-C/SIGTERM does after stopping the running step: roll back the completed steps (default) or stop where it is.
   */
  on_interrupt?: 'rollback' | 'stop';
  /**
   * Parameters, given with `--param name=value`. Referenced in templates as `{{name}}`.
   */
  params?: {
    [k: string]: Param;
  };
  env?: EnvMap;
  /**
   * A Handlebars template. In commands each value reaches the process through its environment (plans show it shell-quoted in place); in URLs it is percent-encoded; `{{raw x}}` inserts it into the text as is.
   */
  cwd?: string;
  /**
   * How the playbook runs inside the built-in sandbox (`--sandbox`): parameter values that replace the defaults. Templates may use `{{sandbox.dir}}`, `{{sandbox.api_url}}`, ...
   */
  sandbox?: {
    params?: {
      [k: string]: string | number | boolean;
    };
  };
  /**
   * Read-only probes that must all pass before anything changes. A failure aborts the run (exit 3) with nothing changed.
   */
  preconditions?: Probe[];
  /**
   * The steps, run in order.
   *
   * @minItems 1
   */
  steps: [Step, ...Step[]];
  /**
   * Read-only probes that must pass after all steps. A failure fails the run and rolls back.
   */
  postconditions?: Probe[];
  /**
   * Steps that always run at the end, whether the run succeeded, failed or was interrupted. They have no rollback.
   */
  finally?: Step[];
  /**
   * The hosts the `on: targets` steps run on: a host pattern over the inventory (`api`, `api:&eu`, `web-*`, `all:!db-1`). `--hosts` overrides it. Without `targets` everything runs on the ops host.
   */
  targets?: string;
  /**
   * How many target hosts run at once (a batch): a number, or a percentage of the hosts (`30%`, at least one host). Default: all hosts in one batch.
   */
  serial?: number | string;
  /**
   * How many hosts may fail (or be unreachable) before no new batch starts: a number, or a percentage of the hosts. Default 0: the first failed host stops the rollout.
   */
  max_fail?: number | string;
  /**
   * What the hosts that finished do once max_fail is passed: `keep` their changes (default) or `rollback` them too. Failed hosts always roll back.
   */
  on_max_fail?: 'keep' | 'rollback';
  /**
   * The order hosts go in batches: as in the inventory (default), or shuffled.
   */
  order?: 'inventory' | 'random';
  on_success?: HookSteps;
  on_failure?: HookSteps1;
  on_rollback_failed?: HookSteps2;
  /**
   * Run every shell command (steps, probes, rollbacks) as this user unless a step or probe names its own: `sudo -n -u <user>`, or `setpriv` when runbook runs as root. A missing right is an error before the run starts (exit 3). Ignored under `--sandbox`.
   */
  become?: string;
}
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "param".
 */
export interface Param {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description?: Text;
  default?: string | number | boolean | (string | number | boolean)[];
  /**
   * The run fails before anything happens when no value is given.
   */
  required?: boolean;
  /**
   * @minItems 1
   */
  enum?: [string | number | boolean, ...(string | number | boolean)[]];
  /**
   * A regular expression (JavaScript syntax) the whole value must match.
   */
  pattern?: string;
  /**
   * The least value (numbers), length (strings) or number of items (arrays).
   */
  min?: number;
  /**
   * The greatest value (numbers), length (strings) or number of items (arrays).
   */
  max?: number;
  /**
   * Masked in plans, journals, logs and the UI.
   */
  secret?: boolean;
  /**
   * `type: array`: what each item is (its type, enum, pattern, min, max), checked like a scalar parameter.
   */
  items?: {
    type?: 'string' | 'integer' | 'number' | 'boolean';
    /**
     * @minItems 1
     */
    enum?: [string | number | boolean, ...(string | number | boolean)[]];
    /**
     * A regular expression (JavaScript syntax) the whole item must match.
     */
    pattern?: string;
    min?: number;
    max?: number;
  };
}
/**
 * Environment variables given to every command of the playbook (steps may add their own).
 */
export interface EnvMap {
  [k: string]:
    | Template
    | (number | boolean)
    | {
        value?: Template;
        /**
         * Take the value from this variable of the environment runbook was started in.
         */
        from_env?: string;
        /**
         * Redact the value everywhere (terminal, journal, plans, notifications).
         */
        secret?: boolean;
        /**
         * With from_env: fail before anything runs when the variable is not set.
         */
        required?: boolean;
      };
}
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "httpSpec".
 */
export interface HttpSpec {
  url: Template;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: {
    [k: string]: Template;
  };
  /**
   * Request body: a string (sent as is), or any JSON value (sent as application/json).
   */
  body?: string | {} | unknown[] | number | boolean;
  /**
   * Expected status code(s). Default: any 2xx.
   */
  status?: number | [number, ...number[]];
  /**
   * Expected values in the JSON response, by path (`status`, `data.items[0].id`). String values may be templates over parameters; a lone `{{param}}` keeps the parameter's type.
   */
  json?: {
    [k: string]: unknown;
  };
  /**
   * Text the response body must contain.
   */
  contains?: string;
  timeout?: Duration;
}
/**
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "envMap".
 */
export interface EnvMap1 {
  [k: string]:
    | Template
    | (number | boolean)
    | {
        value?: Template;
        /**
         * Take the value from this variable of the environment runbook was started in.
         */
        from_env?: string;
        /**
         * Redact the value everywhere (terminal, journal, plans, notifications).
         */
        secret?: boolean;
        /**
         * With from_env: fail before anything runs when the variable is not set.
         */
        required?: boolean;
      };
}
/**
 * Run another playbook as this step.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "playbookSpec".
 */
export interface PlaybookSpec {
  /**
   * Path of the playbook file, relative to this file.
   */
  path: string;
  params?: {
    [k: string]: string | number | boolean;
  };
}
/**
 * Send a message: a generic JSON webhook, a WeChat Work robot, or the team's notification-gateway.
 *
 * This interface was referenced by `Playbook`'s JSON-Schema
 * via the `definition` "notifySpec".
 */
export interface NotifySpec {
  via?: 'webhook' | 'wecom' | 'gateway';
  url: Template;
  title?: Template;
  message: Template;
}
