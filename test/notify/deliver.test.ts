// Sending notifications (src/notify): retries on 5xx/429 within a budget, no retry on 4xx, WeChat Work's errcode, the byte cut.
import { describe, expect, it } from 'vitest';
import { deliver } from '../../src/notify/deliver.js';
import { cutToBytes, WECOM_MARKDOWN_BYTES } from '../../src/notify/cut.js';
import { notifyPayload } from '../../src/steps/notify.js';
import { closedPort, serve } from '../steps/server.js';

describe('deliver', () => {
  it('retries a 503 and a 429 with backoff, and succeeds when the receiver recovers', async () => {
    let n = 0;
    const { url, requests } = await serve((_req, res) => {
      n++;
      res.statusCode = n === 1 ? 503 : n === 2 ? 429 : 200;
      if (n === 2) res.setHeader('retry-after', '0');
      res.end('{"errcode":0}');
    });
    const result = await deliver('wecom', url, { msgtype: 'markdown', markdown: { content: 'x' } }, { timeoutMs: 2000, retryWithinMs: 10_000, backoffMs: 20 });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
    expect(requests).toHaveLength(3);
  });

  it('gives up when the budget is spent, and reports the last status', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const result = await deliver('gateway', url, { title: 't', message: 'm' }, { timeoutMs: 200, retryWithinMs: 600, backoffMs: 50 });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'status', status: 500 } });
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.length).toBeLessThan(6);
  });

  it('does not retry a 4xx (the request itself is wrong) nor follow a redirect', async () => {
    const { url, requests } = await serve((_req, res) => {
      res.statusCode = requests.length === 1 ? 400 : 302;
      res.setHeader('location', 'http://127.0.0.1:1/elsewhere');
      res.end();
    });
    expect(await deliver('webhook', url, {}, { timeoutMs: 500, retryWithinMs: 5000 })).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'status', status: 400 } });
    expect(await deliver('webhook', url, {}, { timeoutMs: 500, retryWithinMs: 5000 })).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'status', status: 302 } });
  });

  it('checks WeChat Work errcode in a 200 answer', async () => {
    const { url } = await serve((_req, res) => res.end('{"errcode":93000,"errmsg":"invalid webhook url"}'));
    expect(await deliver('wecom', url, {}, { timeoutMs: 500 })).toMatchObject({ ok: false, failure: { kind: 'errcode', code: 93000, message: 'invalid webhook url' } });
  });

  it('reports a refused connection as a network failure', async () => {
    const port = await closedPort();
    const result = await deliver('webhook', `http://127.0.0.1:${port}/`, {}, { timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, attempts: 1, failure: { kind: 'network' } });
  });
});

describe('the WeChat Work byte limit', () => {
  it('keeps a message that fits, and cuts a longer one at a character boundary with a marker, within 4096 bytes', () => {
    expect(cutToBytes('短消息', WECOM_MARKDOWN_BYTES)).toBe('短消息');
    const long = '告警'.repeat(2000) + 'END'; // 12003 bytes
    const cut = cutToBytes(long, WECOM_MARKDOWN_BYTES);
    expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
    expect(cut).toMatch(/^(告警)+告?\n\n✂ … \(\d+ bytes cut \/ 已截断 \d+ 字节\)$/);
    expect(cut).not.toContain('\ufffd');
    const emoji = '😀'.repeat(2000);
    expect(cutToBytes(emoji, 100)).toMatch(/^(😀)+\n\n✂/);
  });

  it('applies to the wecom payload of the notify step too', () => {
    const payload = notifyPayload('wecom', 'T', 'x'.repeat(5000)) as { markdown: { content: string } };
    expect(Buffer.byteLength(payload.markdown.content)).toBeLessThanOrEqual(4096);
    expect(payload.markdown.content).toContain('✂');
    expect((notifyPayload('gateway', 'T', 'x'.repeat(5000)) as { message: string }).message).toHaveLength(5000);
  });
});
