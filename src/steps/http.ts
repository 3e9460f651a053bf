// The `http` step type (and HTTP probes): a request with a timeout and expectations on status and body.
import type { PlanHttp } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import type { ActionContext, ActionResult } from './context.js';
import { deepEqual, getJsonPath } from './json-path.js';
import { describeNetworkError } from './network-error.js';

/** Bytes of a response body read at most (health checks and APIs answer far less). */
const BODY_CAP = 1024 * 1024;

async function readCapped(response: Response): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.length;
    if (size >= BODY_CAP) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, BODY_CAP);
}

/** Redirects followed at most (same origin only). */
export const MAX_REDIRECTS = 5;

type Followed = { response: Response } | { refused: 'crossOrigin'; location: string; origin: string } | { refused: 'tooMany' };

/**
 * fetch, following redirects only within the origin (scheme, host, port) of `url`: the request's headers
 * (API keys, tokens) never reach another host, and a health check never "passes" against one.
 */
async function fetchSameOrigin(url: string, init: { method: string; headers: Headers; body: string | undefined; signal: AbortSignal }): Promise<Followed> {
  const origin = new URL(url).origin;
  let current = url;
  let { method, body } = init;
  for (let hop = 0; ; hop++) {
    const response = await fetch(current, { method, headers: init.headers, body, signal: init.signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return { response };
    await response.body?.cancel();
    const next = new URL(location, current);
    if (next.origin !== origin) return { refused: 'crossOrigin', location: next.href, origin };
    if (hop >= MAX_REDIRECTS) return { refused: 'tooMany' };
    // As fetch does: 303 (and 301/302 after a POST) continue as a GET without a body.
    if ((response.status === 303 && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      init.headers.delete('content-type');
    }
    current = next.href;
  }
}

/** Checks a response against the request's expectations; returns the first unmet one. */
export function checkExpectations(request: PlanHttp, status: number, body: string, t: ActionContext['t']): string | undefined {
  const show = (value: unknown): string => (value === undefined ? t('http.nothing') : JSON.stringify(value));
  const statusOk = request.status ? request.status.includes(status) : status >= 200 && status < 300;
  if (!statusOk) return t('http.status', { status, expected: request.status ? request.status.join(t('http.statusOr')) : '2xx' });
  if (request.json.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return t('http.notJson', { status });
    }
    for (const { path, expected } of request.json) {
      const actual = getJsonPath(parsed, path);
      if (!actual.found || !deepEqual(actual.value, expected)) return t('http.jsonPath', { path, expected: show(expected), actual: show(actual.value) });
    }
  }
  if (request.contains !== undefined && !body.includes(request.contains)) return t('http.contains', { text: JSON.stringify(request.contains) });
  return undefined;
}

export async function runHttp(request: PlanHttp, ctx: ActionContext): Promise<ActionResult> {
  if (ctx.signal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interruptedBeforeStart') };
  const timeoutMs = Math.min(request.timeoutMs, ctx.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers = new Headers();
  for (const header of request.headers) headers.set(header.name, ctx.render(header.value));
  let body: string | undefined;
  if (request.body) {
    body = ctx.render(request.body);
    if (request.bodyIsJson && !headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const url = ctx.render(request.url);
  let response: Response;
  let bytes: Buffer;
  try {
    const followed = await fetchSameOrigin(url, { method: request.method, headers, body, signal: AbortSignal.any([ctx.signal, ctx.forceSignal, timeout]) });
    if ('refused' in followed) {
      const reason = followed.refused === 'crossOrigin' ? ctx.t('http.crossOrigin', { location: followed.location, origin: followed.origin }) : ctx.t('http.tooManyRedirects', { max: MAX_REDIRECTS });
      return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${reason}` };
    }
    response = followed.response;
    bytes = await readCapped(response);
  } catch (error) {
    if (ctx.signal.aborted || ctx.forceSignal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    if (timeout.aborted) return { ok: false, exitCode: 1, timedOut: true, reason: `${request.method} ${url}: ${ctx.t('http.noAnswer', { time: formatDuration(timeoutMs) })}` };
    return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${describeNetworkError(error, ctx.t)}` };
  }
  if (bytes.length > 0) ctx.output.push('stdout', bytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const unmet = checkExpectations(request, response.status, text, ctx.t);
  if (unmet) return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${unmet}` };
  return { ok: true, exitCode: 0 };
}
