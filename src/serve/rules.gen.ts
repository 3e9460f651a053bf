/* Generated from runbooks/schemas/rules.schema.json by `npm run generate`. Do not edit. */

/**
 * Names of the channels (under the top-level `notify`) this rule tells.
 */
export type Notify = string[];
/**
 * An Alertmanager matcher on one label: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`. Regexes are anchored at both ends, as Alertmanager anchors them; a missing label matches as the empty string.
 *
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "matcher".
 */
export type Matcher = string;
/**
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "name".
 */
export type Name = string;
/**
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "identifier".
 */
export type Identifier = string;
/**
 * A duration: a number of seconds, or a string such as `500ms`, `30s`, `5m`, `1h`.
 *
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "duration".
 */
export type Duration = number | string;

/**
 * Rules of `runbook serve`: which Alertmanager alerts start which playbook, with which parameters, under which policy, and who is told. This file is the one definition of the format.
 */
export interface Rules {
  defaults?: Settings;
  /**
   * Notification channels, by name; rules name the channels they tell.
   */
  notify?: {
    [k: string]: Channel;
  };
  /**
   * The rules, tried in order: the first rule whose matchers all match an alert's labels acts on it.
   *
   * @minItems 1
   */
  rules: [Rule, ...Rule[]];
}
/**
 * Settings every rule takes unless it sets its own.
 */
export interface Settings {
  /**
   * `auto`: run at once; `approve`: wait for approval. A `risk: high` playbook (or one with a `confirm` gate) always waits for approval, whatever this says.
   */
  policy?: 'auto' | 'approve';
  approval?: Approval;
  /**
   * After a run for an alert (by fingerprint), further notifications of that alert start nothing for this long. Default 30m.
   */
  cooldown?: number | string;
  /**
   * Runs of this rule at once; more wait in the queue. Default 1.
   */
  max_concurrent?: number;
  /**
   * Runs of this rule started in any hour; more are refused and reported. Default 6.
   */
  max_runs_per_hour?: number;
  /**
   * After a successful run, how long the alert has to resolve before the run is reported *did not resolve*. Default 5m.
   */
  resolve_within?: number | string;
  notify?: Notify;
}
/**
 * Who approves, how many, and how long a request waits.
 *
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "approval".
 */
export interface Approval {
  approvers?: Approvers;
  /**
   * Approvals needed (by different operators). Default 1.
   */
  min_approvals?: number;
  /**
   * How long a request waits for its approvals before it expires. Default 30m.
   */
  timeout?: number | string;
}
/**
 * Who may approve: operators by name, or by group (groups are given in the operators file).
 *
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "approvers".
 */
export interface Approvers {
  users?: string[];
  groups?: string[];
}
/**
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "channel".
 */
export interface Channel {
  /**
   * `wecom` (WeChat Work group robot, markdown), `webhook` (JSON `{title, message, text}`) or `gateway` (the team's notification-gateway, `{title, message}`).
   */
  via: 'wecom' | 'webhook' | 'gateway';
  /**
   * Where to post: a URL, or `{from_env: NAME}` to read it from the server's environment (a robot URL holds its key: keep it out of the file).
   */
  url:
    | string
    | {
        from_env: string;
      };
  /**
   * What this channel is told (default: all).
   *
   * @minItems 1
   */
  events?: [
    'approval' | 'started' | 'finished' | 'unresolved' | 'refused',
    ...('approval' | 'started' | 'finished' | 'unresolved' | 'refused')[]
  ];
}
/**
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "rule".
 */
export interface Rule {
  /**
   * The rule's name (in requests, metrics, notifications).
   */
  name: string;
  description?: string;
  /**
   * Matchers on the alert's labels, all of which must hold.
   *
   * @minItems 1
   */
  match: [Matcher, ...Matcher[]];
  /**
   * The playbook to run: a path relative to this file.
   */
  playbook: string;
  /**
   * The playbook's parameters, as templates over the alert: `{{labels.service}}`, `{{annotations.summary}}`. Every value is checked by the playbook's own type, pattern and enum before anything runs.
   */
  params?: {
    [k: string]: string;
  };
  /**
   * `auto`: run at once; `approve`: wait for approval. A `risk: high` playbook (or one with a `confirm` gate) always waits for approval, whatever this says.
   */
  policy?: 'auto' | 'approve';
  approval?: Approval;
  /**
   * After a run for an alert (by fingerprint), further notifications of that alert start nothing for this long. Default 30m.
   */
  cooldown?: number | string;
  /**
   * Runs of this rule at once; more wait in the queue. Default 1.
   */
  max_concurrent?: number;
  /**
   * Runs of this rule started in any hour; more are refused and reported. Default 6.
   */
  max_runs_per_hour?: number;
  /**
   * After a successful run, how long the alert has to resolve before the run is reported *did not resolve*. Default 5m.
   */
  resolve_within?: number | string;
  notify?: Notify;
}
/**
 * This interface was referenced by `Rules`'s JSON-Schema
 * via the `definition` "settings".
 */
export interface Settings1 {
  /**
   * `auto`: run at once; `approve`: wait for approval. A `risk: high` playbook (or one with a `confirm` gate) always waits for approval, whatever this says.
   */
  policy?: 'auto' | 'approve';
  approval?: Approval;
  /**
   * After a run for an alert (by fingerprint), further notifications of that alert start nothing for this long. Default 30m.
   */
  cooldown?: number | string;
  /**
   * Runs of this rule at once; more wait in the queue. Default 1.
   */
  max_concurrent?: number;
  /**
   * Runs of this rule started in any hour; more are refused and reported. Default 6.
   */
  max_runs_per_hour?: number;
  /**
   * After a successful run, how long the alert has to resolve before the run is reported *did not resolve*. Default 5m.
   */
  resolve_within?: number | string;
  notify?: Notify;
}
