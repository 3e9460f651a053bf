// The notify step: payload per target, secrets masked in what is sent, WeChat Work error codes.
import { describe, expect, it } from 'vitest';
import { runNotify } from '../../src/steps/notify.js';
import { rendered } from '../helpers/plan-builder.js';
import { testContext } from './context.js';
import { serve } from './server.js';

describe('notify', () => {
  it('posts the WeChat Work robot markdown format, with secrets masked', async () => {
    const { url, requests } = await serve((_req, res) => res.end('{"errcode":0,"errmsg":"ok"}'));
    const ctx = testContext({ redact: (t) => t.replaceAll('TOPSECRET', '••••••') });
    const result = await runNotify({ kind: 'notify', via: 'wecom', url: rendered(url, 'url'), title: rendered('MLflow fixed', 'text'), message: rendered('token TOPSECRET rotated', 'text') }, ctx);
    expect(result.ok).toBe(true);
    expect(JSON.parse(requests[0]!.body)).toEqual({ msgtype: 'markdown', markdown: { content: '**MLflow fixed**\ntoken •••••• rotated' } });
  });

  it('fails on a WeChat Work error code even with HTTP 200', async () => {
    const { url } = await serve((_req, res) => res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
    const result = await runNotify({ kind: 'notify', via: 'wecom', url: rendered(url, 'url'), message: rendered('hi', 'text') }, testContext());
    expect(result.reason).toBe('notify (wecom): errcode 93000 invalid webhook url');
  });

  it('does not follow a redirect: the message is never sent to another address', async () => {
    const other = await serve((_req, res) => res.end('ok'));
    const { url } = await serve((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', other.url);
      res.end();
    });
    const result = await runNotify({ kind: 'notify', via: 'webhook', url: rendered(url, 'url'), message: rendered('M', 'text') }, testContext());
    expect(result.ok).toBe(false);
    expect(other.requests).toHaveLength(0);
  });

  it('posts {title, message} to the gateway and to webhooks', async () => {
    const { url, requests } = await serve((_req, res) => res.end('ok'));
    await runNotify({ kind: 'notify', via: 'gateway', url: rendered(url, 'url'), title: rendered('T', 'text'), message: rendered('M', 'text') }, testContext());
    await runNotify({ kind: 'notify', via: 'webhook', url: rendered(url, 'url'), message: rendered('M', 'text') }, testContext());
    expect(JSON.parse(requests[0]!.body)).toEqual({ title: 'T', message: 'M' });
    expect(JSON.parse(requests[1]!.body)).toEqual({ title: '', message: 'M', text: 'M' });
  });

  it('fails on an HTTP error: at once on a 4xx, after retries within its timeout on a 5xx', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.statusCode = requests.length === 1 ? 404 : 500;
      res.end();
    });
    expect((await runNotify({ kind: 'notify', via: 'gateway', url: rendered(url, 'url'), message: rendered('M', 'text') }, testContext())).reason).toBe('notify (gateway): HTTP 404');
    const reason = (await runNotify({ kind: 'notify', via: 'gateway', url: rendered(url, 'url'), message: rendered('M', 'text') }, testContext({ timeoutMs: 1_200 }))).reason;
    expect(reason).toMatch(/^notify \(gateway\): HTTP 500 \(after \d+ attempts\)$/);
    expect(requests.length).toBeGreaterThan(2);
  });
});
