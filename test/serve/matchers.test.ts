// Alertmanager's matcher semantics: equality, negation, regexes anchored at both ends, a missing label as "".
import { describe, expect, it } from 'vitest';
import { isMatcher, matches, parseMatcher, type Matcher } from '../../src/serve/matchers.js';

const m = (text: string): Matcher => {
  const parsed = parseMatcher(text);
  if (!isMatcher(parsed)) throw new Error(`not a matcher: ${text}`);
  return parsed;
};

describe('matchers', () => {
  it('parse quoted and bare values, with escapes', () => {
    expect(m('alertname="ServiceDown"')).toMatchObject({ name: 'alertname', op: '=', value: 'ServiceDown' });
    expect(m(' severity =~ critical|page ')).toMatchObject({ name: 'severity', op: '=~', value: 'critical|page' });
    expect(m('msg!="say \\"hi\\"\\\\"')).toMatchObject({ op: '!=', value: 'say "hi"\\' });
    expect(parseMatcher('no operator')).toEqual({ key: 'matcher.syntax' });
    expect(parseMatcher('a="unterminated')).toEqual({ key: 'matcher.syntax' });
    expect(parseMatcher('a=~"(x"')).toMatchObject({ key: 'matcher.regex' });
  });

  it('anchor regexes at both ends, as Alertmanager does', () => {
    expect(matches(m('service=~"api"'), { service: 'api' })).toBe(true);
    expect(matches(m('service=~"api"'), { service: 'recommendation-api' })).toBe(false);
    expect(matches(m('service=~"api|mlflow"'), { service: 'mlflow' })).toBe(true);
    expect(matches(m('service=~".*api"'), { service: 'recommendation-api' })).toBe(true);
    expect(matches(m('service!~"api|mlflow"'), { service: 'redis' })).toBe(true);
    expect(matches(m('service!~"api|mlflow"'), { service: 'api' })).toBe(false);
  });

  it('take a missing label as the empty string', () => {
    expect(matches(m('team!="ops"'), {})).toBe(true);
    expect(matches(m('team=""'), {})).toBe(true);
    expect(matches(m('team=~".*"'), {})).toBe(true);
    expect(matches(m('team=~".+"'), {})).toBe(false);
    expect(matches(m('team="ops"'), {})).toBe(false);
  });

  it('never hang on a hostile label value: a regex that backtracks for ever does not match', () => {
    const slow = m('x=~"(a+)+b"');
    expect(matches(slow, { x: 'a'.repeat(40) })).toBe(false);
    expect(matches(m('x!~"(a+)+b"'), { x: 'a'.repeat(40) })).toBe(false);
  });

  it('do not read labels from the prototype', () => {
    expect(matches(m('constructor=""'), {})).toBe(true);
    expect(matches(m('toString=~".+"'), {})).toBe(false);
  });
});
