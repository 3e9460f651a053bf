// One test per lint rule: it finds the problem (at the right line:col), and stays quiet on the fixed playbook.
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { lintPlaybook } from '../../src/review/lint/lint.js';
import { rules } from '../../src/review/lint/rules/index.js';

const HEAD = `name: demo
title: Restart the recommendation API
description: Restarts the API when it stops answering.
`;

function lint(body: string, rule: string) {
  const loaded = loadPlaybookText('demo.yaml', HEAD + body, { lang: 'en' });
  return lintPlaybook(loaded, { lang: 'en', rules: rules.filter((r) => r.id === rule) });
}

describe('destructive-without-gate', () => {
  const bad = `steps:
  - id: clean
    run: rm -rf /srv/cache
    verify: test ! -e /srv/cache
`;
  it('finds rm -rf with neither a confirm before it nor a rollback', () => {
    const [f, ...rest] = lint(bad, 'destructive-without-gate');
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ severity: 'error', file: 'demo.yaml', line: 6, col: 10 });
    expect(f?.message).toBe('`rm -rf` in step `clean` has neither a confirmation gate before it nor a rollback');
  });
  it.each([
    ['FLUSHALL', 'redis-cli FLUSHALL'],
    ['docker compose down', 'docker compose -f stack.yml down'],
    ['DROP TABLE', 'psql -c "DROP TABLE features"'],
    ['kill', 'kill -9 $(cat /run/api.pid)'],
    ['chown -R', 'chown -R 50000:50000 /srv'],
  ])('finds %s', (_, command) => {
    expect(lint(`steps:\n  - id: x\n    run: ${command}\n    verify: 'true'\n`, 'destructive-without-gate')).toHaveLength(1);
  });
  it('is quiet with a confirm gate before the step', () => {
    expect(lint(`steps:\n  - id: ok\n    confirm: Delete the cache?\n${bad.slice('steps:\n'.length)}`, 'destructive-without-gate')).toEqual([]);
  });
  it('is quiet with a rollback', () => {
    expect(lint(bad + '    rollback: mkdir -p /srv/cache\n', 'destructive-without-gate')).toEqual([]);
  });
  it('does not take rm -f or chown without -R for destructive', () => {
    expect(lint(`steps:\n  - id: x\n    run: rm -f /tmp/a.lock && chown 1:1 /tmp/b\n`, 'destructive-without-gate')).toEqual([]);
  });
});

describe('compose-down-without-up', () => {
  const bad = `steps:
  - id: stop
    confirm: Stop the stack?
  - id: down
    run: docker compose down
`;
  it('finds docker compose down with no up in rollback or finally', () => {
    const found = lint(bad, 'compose-down-without-up');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 8, col: 10, severity: 'error' });
  });
  it('is quiet with `docker compose up -d` as the rollback', () => {
    expect(lint(bad + '    rollback: docker compose up -d\n', 'compose-down-without-up')).toEqual([]);
  });
  it('is quiet with a finally step bringing the stack up', () => {
    expect(lint(bad + 'finally:\n  - id: up\n    run: docker compose up -d\n', 'compose-down-without-up')).toEqual([]);
  });
});

describe('for-each-destructive-without-gate', () => {
  const bad = `params:
  volumes: { type: array, items: { pattern: '/srv/[a-z]+' } }
steps:
  - id: wipe
    for_each: "{{volumes}}"
    run: rm -rf {{item}}
    rollback: echo cannot
`;
  it('finds a loop over a destructive command with no confirm before it, even with a rollback', () => {
    const [f, ...rest] = lint(bad, 'for-each-destructive-without-gate');
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ severity: 'error', file: 'demo.yaml', line: 8, col: 15 });
    expect(f?.message).toBe('step `wipe` runs `rm -rf` once per item of its for_each, with no confirmation gate before it');
    const loaded = loadPlaybookText('demo.yaml', HEAD + bad, { lang: 'zh-CN' });
    const [zh] = lintPlaybook(loaded, { lang: 'zh-CN', rules: rules.filter((r) => r.id === 'for-each-destructive-without-gate') });
    expect(zh?.message).toBe('步骤 `wipe` 对 for_each 的每一项执行 `rm -rf`，之前却没有确认关卡');
  });
  it('is quiet behind a confirm gate, and for a loop that changes nothing destructive', () => {
    const gated = bad.replace('steps:\n', 'steps:\n  - id: ok\n    confirm: Delete the volumes?\n');
    expect(lint(gated, 'for-each-destructive-without-gate')).toEqual([]);
    expect(lint('steps:\n  - id: ping\n    for_each: [a, b]\n    run: echo {{item}}\n', 'for-each-destructive-without-gate')).toEqual([]);
  });
});

describe('destructive-param-without-pattern', () => {
  const bad = (pattern: string) => `params:
  dir: { default: /srv/cache${pattern} }
steps:
  - id: ok
    confirm: Go on?
  - id: clean
    run: rm -rf {{dir}}
    verify: test ! -e {{dir}}
`;
  it('finds rm -rf on a parameter without a pattern, pointing at the parameter', () => {
    const found = lint(bad(''), 'destructive-param-without-pattern');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 10, col: 17 });
    expect(found[0]?.message).toBe('`rm -rf` acts on parameter `dir`, which has no `pattern`');
  });
  it('is quiet when the parameter has a pattern', () => {
    expect(lint(bad(", pattern: '^/srv/[a-z]+$'"), 'destructive-param-without-pattern')).toEqual([]);
  });
});

describe('state-change-without-verify', () => {
  it('finds a state-changing step without verify', () => {
    const found = lint('steps:\n  - id: restart\n    run: docker compose restart api\n', 'state-change-without-verify');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: 5, col: 9 });
  });
  it('finds a POST without verify', () => {
    expect(lint('steps:\n  - id: p\n    http: { url: http://x/api, method: POST }\n', 'state-change-without-verify')).toHaveLength(1);
  });
  it('is quiet with verify, and on read-only steps', () => {
    const body = `steps:
  - id: restart
    run: docker compose restart api
    verify: { http: { url: http://localhost:8000/health, status: 200 } }
  - id: look
    run: docker compose ps && curl -s http://localhost:8000/health | jq .status
`;
    expect(lint(body, 'state-change-without-verify')).toEqual([]);
  });
});

describe('raw-template', () => {
  const bad = `params:
  flags: { default: -v }
steps:
  - id: logs
    run: docker compose logs {{raw flags}} api
`;
  it('finds a raw insertion, at the mustache', () => {
    const found = lint(bad, 'raw-template');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: 8, col: 36 });
  });
  it('is quiet when the value is quoted', () => {
    expect(lint(bad.replace('{{raw flags}}', '{{flags}}'), 'raw-template')).toEqual([]);
  });
});

describe('secret-with-default', () => {
  const bad = `params:
  wecom_key: { secret: true, default: abc123 }
steps:
  - id: ping
    run: echo ok
`;
  it('finds a secret parameter with a default', () => {
    const found = lint(bad, 'secret-with-default');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', line: 5, col: 30 });
  });
  it('is quiet without the default', () => {
    expect(lint(bad.replace(', default: abc123', ''), 'secret-with-default')).toEqual([]);
  });
});

describe('missing-description', () => {
  it('finds a missing description and a title that repeats the name', () => {
    const loaded = loadPlaybookText('demo.yaml', 'name: demo\ntitle: demo\nsteps:\n  - id: a\n    run: echo\n', { lang: 'en' });
    const found = lintPlaybook(loaded, { lang: 'en', rules: rules.filter((r) => r.id === 'missing-description') });
    expect(found.map((f) => [f.line, f.message])).toEqual([
      [1, 'the playbook has no description'],
      [2, 'the title only repeats the name `demo`'],
    ]);
  });
  it('is quiet with a real title and a description', () => {
    expect(lint('steps:\n  - id: a\n    run: echo\n', 'missing-description')).toEqual([]);
  });
});

describe('suppression comments', () => {
  const bad = `steps:
  - id: clean
    run: rm -rf /srv/cache
`;
  it('a comment on the line above silences that rule there, and only that rule', () => {
    const body = bad.replace('    run:', '    # runbook-lint: disable=destructive-without-gate (the cache is rebuilt on start)\n    run:');
    expect(lint(body, 'destructive-without-gate')).toEqual([]);
    expect(lint(body, 'state-change-without-verify')).toHaveLength(1);
  });
  it('a file-wide comment silences the rule everywhere', () => {
    expect(lint(`# runbook-lint: disable-file=state-change-without-verify\n${bad}`, 'state-change-without-verify')).toEqual([]);
  });
  it('a comment elsewhere does not', () => {
    expect(lint(`${bad}# runbook-lint: disable=destructive-without-gate\n`, 'destructive-without-gate')).toHaveLength(1);
  });
});

describe('every rule', () => {
  it('has a docs page', async () => {
    const { access } = await import('node:fs/promises');
    for (const rule of rules) await expect(access(new URL(`../../docs/lint/${rule.id}.md`, import.meta.url))).resolves.toBeUndefined();
  });
});
