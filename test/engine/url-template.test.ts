// Values in URLs: percent-encoded for the path, query or fragment; checked in the base URL and the host; JSON bodies kept whole.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlaybookText } from '../../src/engine/load.js';
import { checkTemplates, compilePlaybook } from '../../src/engine/compile.js';
import { InvalidPlaybookError } from '../../src/engine/errors.js';
import type { CompiledPlan, PlanHttp } from '../../src/engine/plan.js';
import { UrlPartState, urlValue } from '../../src/engine/url-template.js';
import { runPlan } from '../../src/engine/run/runner.js';
import { serve } from '../steps/server.js';
import { tempDir } from '../helpers/temp-dir.js';

const HOSTILE = 'a b/../../admin?x=1&y=2#frag%2F';

function playbook(http: string): string {
  return `name: u\ntitle: U\nparams:\n  base: { default: 'http://127.0.0.1:9' }\n  v: { default: x }\n  server: { default: localhost }\nsteps:\n  - id: call\n    http: ${http}\n`;
}

async function compile(yaml: string, params: Record<string, string> = {}): Promise<CompiledPlan> {
  return compilePlaybook(loadPlaybookText('u.yaml', yaml), { params, env: {}, lang: 'en' });
}

async function problems(yaml: string, params: Record<string, string> = {}) {
  const error = await compile(yaml, params).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidPlaybookError);
  return (error as InvalidPlaybookError).diagnostics;
}

const request = (plan: CompiledPlan): PlanHttp => (plan.steps[0]!.action as { request: PlanHttp }).request;

describe('which part of a URL a value stands in', () => {
  const partAfter = (text: string) => {
    const state = new UrlPartState();
    state.feed(text);
    return state.part;
  };

  it('follows scheme, authority, path, query and fragment', () => {
    expect(partAfter('')).toBe('start');
    expect(partAfter('http')).toBe('scheme');
    expect(partAfter('http://')).toBe('authority');
    expect(partAfter('http://h:')).toBe('authority');
    expect(partAfter('http://h/')).toBe('path');
    expect(partAfter('http://h/a?')).toBe('query');
    expect(partAfter('http://h/a?q=1&r=')).toBe('query');
    expect(partAfter('http://h/a?q#')).toBe('fragment');
    expect(partAfter('http://h/a#x?y')).toBe('fragment');
    expect(partAfter('/relative/')).toBe('path');
  });

  it('encodes path, query and fragment values, and checks base URLs and hosts', () => {
    for (const part of ['path', 'query', 'fragment'] as const) expect(urlValue(part, 'v', HOSTILE)).toBe(encodeURIComponent(HOSTILE));
    expect(urlValue('start', 'base', 'http://h:8000/api')).toBe('http://h:8000/api');
    expect(() => urlValue('start', 'base', 'http://evil/?')).toThrow(/base URL/);
    expect(urlValue('authority', 'host', 'db-1.internal:5432')).toBe('db-1.internal:5432');
    expect(urlValue('authority', 'host', '[::1]')).toBe('[::1]');
    for (const bad of ['evil.com/x', 'user@evil', 'a b', 'h?x', 'h#y']) expect(() => urlValue('authority', 'host', bad), bad).toThrow(/host/);
  });
});

describe('http and notify URLs', () => {
  it('percent-encodes a value in a path segment, a query value and a fragment, in the plan and in the request', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const yaml = playbook(`{ url: '{{base}}/items/{{v}}?q={{v}}&n=1#{{v}}' }`);
    const plan = await compile(yaml, { base: server.url, v: HOSTILE });
    const encoded = encodeURIComponent(HOSTILE);
    expect(request(plan).url.text).toBe(`${server.url}/items/${encoded}?q=${encoded}&n=1#${encoded}`);
    const result = await runPlan(plan, { home: join(tempDir(), 'home') });
    expect(result.status).toBe('ok');
    expect(server.requests[0]!.url).toBe(`/items/${encoded}?q=${encoded}&n=1`);
  });

  it('encodes a step output read at run time too', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const yaml = `name: u\ntitle: U\nparams:\n  base: { default: x }\nsteps:\n  - id: list\n    run: printf '%s' 'a/b?c'\n  - id: call\n    http: { url: '{{base}}/x/{{steps.list.stdout}}' }\n`;
    const plan = await compile(yaml, { base: server.url });
    expect((plan.steps[1]!.action as { request: PlanHttp }).request.url.text).toBe(`${server.url}/x/⟨steps.list.stdout⟩`);
    const result = await runPlan(plan, { home: join(tempDir(), 'home') });
    expect(result.status).toBe('ok');
    expect(server.requests[0]!.url).toBe('/x/a%2Fb%3Fc');
  });

  it('inserts {{raw x}} as is (flagged)', async () => {
    const plan = await compile(playbook(`{ url: 'http://localhost/{{raw v}}' }`), { v: 'a/b?c=d' });
    expect(request(plan).url.text).toBe('http://localhost/a/b?c=d');
    expect(plan.warnings.map((w) => w.code)).toContain('template.raw');
  });

  it('refuses a host or base URL value that would carry a path, a query or another host', async () => {
    const host = await problems(playbook(`{ url: 'http://{{server}}:8080/health' }`), { server: 'evil.example/steal?' });
    expect(host[0]).toMatchObject({ code: 'template.url-value', location: { line: 9 } });
    expect(host[0]!.message).toContain('{{server}}: a value in the host part of a URL must be a host name or address');
    expect(host[0]!.message).not.toContain('evil.example');
    const base = await problems(playbook(`{ url: '{{base}}/health' }`), { base: 'http://h/?x=' });
    expect(base[0]!.code).toBe('template.url-value');
    expect((await compile(playbook(`{ url: 'http://{{server}}:8080/health' }`), { server: '10.0.0.7' })).steps).toHaveLength(1);
  });

  it('refuses a value in the scheme, at validate time', () => {
    const loaded = loadPlaybookText('u.yaml', playbook(`{ url: 'http{{v}}://localhost/' }`));
    expect(checkTemplates(loaded, 'en').map((d) => d.code)).toEqual(['template.url-scheme']);
  });

  it('treats notify URLs the same way', async () => {
    const yaml = `name: n\ntitle: N\nparams:\n  key: { default: x }\nsteps:\n  - id: tell\n    notify: { via: wecom, url: 'https://qyapi.example/send?key={{key}}', message: hi }\n`;
    const plan = await compile(yaml, { key: 'k&to=evil' });
    expect((plan.steps[0]!.action as { url: { text: string } }).url.text).toBe('https://qyapi.example/send?key=k%26to%3Devil');
  });
});

describe('string bodies written as JSON', () => {
  it('refuses a template inside a JSON string, pointing at it, with the way out', async () => {
    const yaml = playbook(`{ url: 'http://localhost/x', method: POST, body: '{"user": "{{v}}", "n": 1}' }`);
    const diags = await problems(yaml);
    expect(diags[0]).toMatchObject({ code: 'template.in-json-string', location: { line: 9 } });
    expect(diags[0]!.hint).toContain('YAML mapping');
    expect(diags[0]!.hint).toContain('{{json v}}');
    expect(checkTemplates(loadPlaybookText('u.yaml', yaml), 'en').map((d) => d.code)).toEqual(['template.in-json-string']);
  });

  it('accepts {{json v}} outside the quotes, a mapping body, and text bodies', async () => {
    const json = await compile(playbook(`{ url: 'http://localhost/x', method: POST, body: '{"user": {{json v}} }' }`), { v: 'a"b' });
    expect(JSON.parse(request(json).body!.text)).toEqual({ user: 'a"b' });
    const mapping = await compile(playbook(`{ url: 'http://localhost/x', method: POST, body: { user: '{{v}}' } }`), { v: 'a"b' });
    expect(JSON.parse(request(mapping).body!.text)).toEqual({ user: 'a"b' });
    const text = await compile(playbook(`{ url: 'http://localhost/x', method: POST, body: 'name="{{v}}"' }`), { v: 'x' });
    expect(request(text).body!.text).toBe('name="x"');
  });

  it('finds the JSON string across blocks, and leaves escaped quotes inside the string', () => {
    const codes = (body: string) => checkTemplates(loadPlaybookText('u.yaml', playbook(`{ url: 'http://localhost/x', method: POST, body: ${JSON.stringify(body)} }`)), 'en').map((d) => d.code);
    expect(codes('{"a": "x\\" {{v}}"}')).toEqual(['template.in-json-string']);
    expect(codes('{"a": "{{#if v}}{{v}}{{/if}}"}')).toEqual(['template.in-json-string']);
    expect(codes('{"a": "\\\\", "b": {{json v}} }')).toEqual([]);
  });
});

describe('a secret in a URL', () => {
  it('is masked in the plan in its percent-encoded form too', async () => {
    const { redactDeep } = await import('../../src/engine/redact.js');
    const { collectSecrets } = await import('../../src/engine/compile.js');
    const yaml = `name: s\ntitle: S\nparams:\n  token: { secret: true }\nsteps:\n  - id: call\n    http: { url: 'http://localhost/api?token={{token}}' }\n`;
    const plan = await compile(yaml, { token: 'ab/cd+ef' });
    expect(request(plan).url.text).toBe('http://localhost/api?token=ab%2Fcd%2Bef');
    const shown = JSON.stringify(redactDeep(plan, collectSecrets(plan)));
    expect(shown).not.toContain('ab%2Fcd%2Bef');
    expect(shown).toContain('token=••••••');
  });
});
