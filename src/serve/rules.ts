// The rules of `runbook serve` as the server uses them: every setting resolved, matchers parsed, paths absolute.
import { matchesAll, type Matcher } from './matchers.js';

export type Policy = 'auto' | 'approve';
export type NotifyEvent = 'approval' | 'started' | 'finished' | 'unresolved' | 'refused';
export const NOTIFY_EVENTS: readonly NotifyEvent[] = ['approval', 'started', 'finished', 'unresolved', 'refused'];

export interface Channel {
  name: string;
  via: 'wecom' | 'webhook' | 'gateway';
  /** A URL, or the environment variable that holds it (a robot URL holds its key). */
  url: { value: string } | { fromEnv: string };
  events: readonly NotifyEvent[];
}

export interface Approval {
  users: readonly string[];
  groups: readonly string[];
  minApprovals: number;
  timeoutMs: number;
}

export interface Rule {
  name: string;
  description?: string;
  matchers: readonly Matcher[];
  /** Absolute path of the playbook. */
  playbook: string;
  /** Parameter templates over `labels` and `annotations`. */
  params: Readonly<Record<string, string>>;
  policy: Policy;
  approval: Approval;
  cooldownMs: number;
  maxConcurrent: number;
  maxRunsPerHour: number;
  resolveWithinMs: number;
  notify: readonly string[];
}

export interface RuleSet {
  file: string;
  rules: readonly Rule[];
  channels: Readonly<Record<string, Channel>>;
}

/** Built-in settings, when neither the rule nor `defaults` says. */
export const RULE_DEFAULTS = {
  policy: 'auto' as Policy,
  minApprovals: 1,
  approvalTimeoutMs: 30 * 60_000,
  cooldownMs: 30 * 60_000,
  maxConcurrent: 1,
  maxRunsPerHour: 6,
  resolveWithinMs: 5 * 60_000,
};

/** The first rule whose matchers all hold for the labels. */
export function findRule(rules: RuleSet, labels: Readonly<Record<string, string>>): Rule | undefined {
  return rules.rules.find((rule) => matchesAll(rule.matchers, labels));
}
