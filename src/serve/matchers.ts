// Alertmanager's label matchers (`name="v"`, `!=`, `=~`, `!~`): parsed from a rule, matched against an alert's labels.
import { testWithin } from '../engine/regex-guard.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** For `=~` / `!~`: the value anchored at both ends, as Alertmanager anchors it (`^(?:value)$`). */
  regex?: RegExp;
  /** The matcher as written, for messages. */
  source: string;
}

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

/** Why a matcher cannot be used: a message key of src/i18n/serve.ts and its detail. */
export type MatcherProblem = { key: 'matcher.syntax' } | { key: 'matcher.regex'; detail: string };

/** Parses one matcher as Alertmanager writes it; a double-quoted value takes `\"`, `\\` and `\n` escapes. */
export function parseMatcher(source: string): Matcher | MatcherProblem {
  const m = MATCHER.exec(source);
  if (!m) return { key: 'matcher.syntax' };
  const [, name, op, raw] = m as unknown as [string, string, MatchOp, string];
  let value = raw;
  if (raw.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/s.test(raw)) return { key: 'matcher.syntax' };
    value = raw.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c));
  } else if (raw.includes('"')) {
    return { key: 'matcher.syntax' };
  }
  const matcher: Matcher = { name, op, value, source: source.trim() };
  if (op === '=~' || op === '!~') {
    try {
      matcher.regex = new RegExp(`^(?:${value})$`, 'u');
    } catch (error) {
      return { key: 'matcher.regex', detail: (error as Error).message };
    }
  }
  return matcher;
}

export function isMatcher(value: Matcher | MatcherProblem): value is Matcher {
  return 'op' in value;
}

/**
 * Whether the labels satisfy the matcher. A missing label is the empty string (Alertmanager's rule), so
 * `team!="ops"` matches an alert without `team`. Label values are untrusted: a regex runs with a time
 * limit, and one that runs out does not match.
 */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, matcher.name) ? (labels[matcher.name] ?? '') : '';
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return testWithin(matcher.regex!, value, 50) === true;
    case '!~':
      return testWithin(matcher.regex!, value, 50) === false;
  }
}

export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => matches(m, labels));
}
