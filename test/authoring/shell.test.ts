// Quote-aware rewriting: a `{{param}}` never ends up inside shell quotes, env references expand where they land.
import { describe, expect, it } from 'vitest';
import { rewrite, type Replacement } from '../../src/authoring/shell.js';
import { simpleCommands, unwrap } from '../../src/shell/lex.js';

function replaceAll(cmd: string, needle: string, kind: Replacement['kind'], value: string): string {
  const reps: Replacement[] = [];
  for (let i = cmd.indexOf(needle); i >= 0; i = cmd.indexOf(needle, i + 1)) reps.push({ start: i, end: i + needle.length, kind, value });
  return rewrite(cmd, reps);
}

describe('rewrite', () => {
  it('leaves an unquoted value bare and drops quotes that held only the value', () => {
    expect(replaceAll(`ls /data/x "/data/x" '/data/x'`, '/data/x', 'template', '{{dir}}')).toBe('ls {{dir}} {{dir}} {{dir}}');
  });

  it('closes and reopens the quote around a value inside a longer quoted string', () => {
    expect(replaceAll(`curl "http://10.0.0.5:8080/health"`, '10.0.0.5', 'template', '{{host}}')).toBe(`curl "http://"{{host}}":8080/health"`);
    expect(replaceAll(`echo 'at /srv/app now'`, '/srv/app', 'template', '{{dir}}')).toBe(`echo 'at '{{dir}}' now'`);
  });

  it('treats $(...) inside double quotes as unquoted, as the shell does', () => {
    expect(replaceAll(`test "$(stat -c %U /data/m)" = x`, '/data/m', 'template', '{{dir}}')).toBe(`test "$(stat -c %U {{dir}})" = x`);
  });

  it('puts env references in double quotes, breaking out of single quotes', () => {
    expect(replaceAll(`curl -H 'Authorization: Bearer abc'`, 'abc', 'env', 'TOKEN')).toBe(`curl -H 'Authorization: Bearer '"\${TOKEN}"`);
    expect(replaceAll(`curl -H "X: abc"`, 'abc', 'env', 'TOKEN')).toBe(`curl -H "X: \${TOKEN}"`);
    expect(replaceAll(`mysql -pabc`, 'abc', 'env', 'PW')).toBe(`mysql -p"\${PW}"`);
  });

  it('escapes Handlebars delimiters in literal text', () => {
    expect(rewrite(`docker ps --format '{{.Names}}'`, [])).toBe(`docker ps --format '\\{{.Names}}'`);
  });
});

describe('simpleCommands', () => {
  it('splits on operators outside quotes and unwraps sudo and docker compose exec', () => {
    const parts = simpleCommands(`sudo docker compose exec -u root airflow-webserver airflow dags list | grep "a|b" && echo ok # note`);
    expect(parts.map((w) => unwrap(w).map((x) => x.value))).toEqual([['airflow', 'dags', 'list'], ['grep', 'a|b'], ['echo', 'ok']]);
  });
});
