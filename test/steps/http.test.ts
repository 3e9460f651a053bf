// The http step and probes: status, JSON paths, contains, timeouts, connection errors.
import { describe, expect, it } from 'vitest';
import type { PlanHttp } from '../../src/engine/plan.js';
import { runHttp } from '../../src/steps/http.js';
import { getJsonPath } from '../../src/steps/json-path.js';
import { rendered } from '../helpers/plan-builder.js';
import { testContext } from './context.js';
import { closedPort, serve } from './server.js';

const request = (url: string, extra: Partial<PlanHttp> = {}): PlanHttp => ({ method: 'GET', url: rendered(url, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 2_000, ...extra });

describe('http', () => {
  it('passes a health check with JSON expectations', async () => {
    const { url } = await serve((_req, res) => res.end(JSON.stringify({ status: 'healthy', models_loaded: true, data: { items: [{ id: 'm1' }] } })));
    const ctx = testContext();
    const result = await runHttp(request(`${url}/health`, { json: [{ path: 'status', expected: 'healthy' }, { path: 'models_loaded', expected: true }, { path: 'data.items[0].id', expected: 'm1' }] }), ctx);
    expect(result).toEqual({ ok: true, exitCode: 0 });
    expect(ctx.out.stdout).toContain('healthy');
  });

  it('says which expectation failed', async () => {
    const { url } = await serve((_req, res) => res.end(JSON.stringify({ status: 'starting', models_loaded: false })));
    const result = await runHttp(request(`${url}/health`, { json: [{ path: 'status', expected: 'healthy' }] }), testContext());
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(`GET ${url}/health: status: expected "healthy", got "starting"`);
  });

  it('expects 2xx unless told otherwise', async () => {
    const { url } = await serve((_req, res) => {
      res.statusCode = 503;
      res.end('down');
    });
    expect((await runHttp(request(url), testContext())).reason).toContain('HTTP 503 (expected 2xx)');
    expect((await runHttp(request(url, { status: [503] }), testContext())).ok).toBe(true);
  });

  it('checks `contains`, sends method, headers and body', async () => {
    const { url, requests } = await serve((_req, res) => res.end('all systems go'));
    const result = await runHttp(
      request(url, { method: 'POST', headers: [{ name: 'X-Token', value: rendered('abc', 'text') }], body: rendered('{"a":1}', 'text'), bodyIsJson: true, contains: 'systems go' }),
      testContext(),
    );
    expect(result.ok).toBe(true);
    expect(requests[0]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(requests[0]!.headers['x-token']).toBe('abc');
    expect(requests[0]!.headers['content-type']).toBe('application/json');
    expect((await runHttp(request(url, { contains: 'nope' }), testContext())).ok).toBe(false);
  });

  it('times out', async () => {
    const { url } = await serve(() => {});
    const result = await runHttp(request(url, { timeoutMs: 100 }), testContext());
    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(result.reason).toContain('no answer within 100ms');
  });

  it('does not follow a redirect to another origin: the key header never reaches it, and the step fails naming the Location', async () => {
    const other = await serve((_req, res) => res.end(JSON.stringify({ status: 'healthy' })));
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.url}/health?from=redirect` });
      res.end();
    });
    const result = await runHttp(
      request(`${url}/health`, { headers: [{ name: 'X-Api-Key', value: rendered('k3y-value', 'text') }], json: [{ path: 'status', expected: 'healthy' }] }),
      testContext(),
    );
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(`GET ${url}/health: redirected to another origin (${other.url}/health?from=redirect); not followed (headers such as keys are only sent to ${url})`);
    expect(requests[0]!.headers['x-api-key']).toBe('k3y-value');
    expect(other.requests).toEqual([]);
  });

  it('follows a same-origin redirect (/health → /health/) with its headers', async () => {
    const { url, requests } = await serve((req, res) => {
      if (req.url === '/health') {
        res.writeHead(301, { location: '/health/' });
        res.end();
      } else res.end(JSON.stringify({ status: 'healthy' }));
    });
    const result = await runHttp(request(`${url}/health`, { headers: [{ name: 'X-Api-Key', value: rendered('k3y-value', 'text') }], json: [{ path: 'status', expected: 'healthy' }] }), testContext());
    expect(result).toEqual({ ok: true, exitCode: 0 });
    expect(requests.map((r) => r.url)).toEqual(['/health', '/health/']);
    expect(requests[1]!.headers['x-api-key']).toBe('k3y-value');
  });

  it('gives up after 5 redirects', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.writeHead(307, { location: `/loop${requests.length}` });
      res.end();
    });
    const result = await runHttp(request(`${url}/`), testContext());
    expect(result.ok).toBe(false);
    expect(result.reason).toBe(`GET ${url}/: more than 5 redirects`);
    expect(requests).toHaveLength(6);
  });

  it('reports a refused connection', async () => {
    const result = await runHttp(request(`http://127.0.0.1:${await closedPort()}/`), testContext());
    expect(result.reason).toMatch(/: the connection was refused: nothing answers at that address and port$/);
    expect(result.reason).not.toContain('ECONNREFUSED');
  });

  it('reads JSON paths', () => {
    const doc = { a: { b: [{ c: 1 }, { c: null }] } };
    expect(getJsonPath(doc, 'a.b[0].c')).toEqual({ found: true, value: 1 });
    expect(getJsonPath(doc, 'a.b.1.c')).toEqual({ found: true, value: null });
    expect(getJsonPath(doc, 'a.x')).toEqual({ found: false, value: undefined });
    expect(getJsonPath(doc, 'a.b[5]')).toEqual({ found: false, value: undefined });
  });
});
