// The `http` step kind (and HTTP probes): a request with a timeout and expectations on status and body.
import type { YamlPath } from '../engine/loaded.js';
import type { HttpSpec } from '../engine/playbook.gen.js';
import { planDefaults, type Rendered } from '../engine/plan.js';
import { formatDuration } from '../engine/duration.js';
import { defineCatalog, sameLanguage, translator } from '../i18n/index.js';
import type { StepCompiler } from './compiler.js';
import type { ActionContext, ActionResult } from './context.js';
import type { PlanMarkdownWriter, PlanTextWriter } from './describe.js';
import type { ProbeKind, Render, StepKind } from './kind.js';
import { deepEqual, getJsonPath } from './json-path.js';
import { describeNetworkError, networkText } from './network-error.js';

/** A request and what its response must be. */
export interface PlanHttp {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: Rendered;
  headers: { name: string; value: Rendered }[];
  /** Body text (a JSON body is serialised, templates in its strings rendered as text). */
  body?: Rendered;
  bodyIsJson: boolean;
  /** Expected statuses; undefined means any 2xx. */
  status?: number[];
  /** Expected values at JSON paths of the response. */
  json: { path: string; expected: unknown }[];
  contains?: string;
  timeoutMs: number;
}

export interface HttpAction {
  kind: 'http';
  request: PlanHttp;
}

const messages = defineCatalog({
  en: {
    'http.url': 'not an http(s) URL: {url}',
    'http.urlHint': 'write a full URL such as http://localhost:8000/health',
    'http.bodyDeferred': 'step outputs cannot be used inside a JSON body',
    'http.bodyDeferredHint': 'write the body as a string template instead',
    'where.expected': '{where} (expected value)',
    label: 'http',
    expect: 'expects',
    'http.status': 'HTTP {status} (expected {expected})',
    'http.statusOr': ' or ',
    'http.notJson': 'HTTP {status}: the response is not JSON',
    'http.jsonPath': '{path}: expected {expected}, got {actual}',
    'http.nothing': 'nothing',
    'http.contains': 'the response does not contain {text}',
    'http.crossOrigin': 'redirected to another origin ({location}); not followed (headers such as keys are only sent to {origin})',
    'http.tooManyRedirects': 'more than {max} redirects',
  },
  'zh-CN': {
    'http.url': '不是 http(s) URL：{url}',
    'http.urlHint': '请写完整的 URL，例如 http://localhost:8000/health',
    'http.bodyDeferred': 'JSON 请求体中不能使用步骤输出',
    'http.bodyDeferredHint': '请改用字符串模板来写请求体',
    'where.expected': '{where}（期望值）',
    label: 'HTTP',
    expect: '期望',
    'http.status': 'HTTP {status}（期望 {expected}）',
    'http.statusOr': ' 或 ',
    'http.notJson': 'HTTP {status}：响应不是 JSON',
    'http.jsonPath': '{path}：期望 {expected}，实际 {actual}',
    'http.nothing': '无',
    'http.contains': '响应中不包含 {text}',
    'http.crossOrigin': '重定向到了其他源（{location}），未跟随（密钥等请求头只发送给 {origin}）',
    'http.tooManyRedirects': '重定向超过 {max} 次',
  },
});

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
export function checkExpectations(request: PlanHttp, status: number, body: string, inLanguageOf: ActionContext['t']): string | undefined {
  const t = sameLanguage(messages, inLanguageOf);
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
  const t = sameLanguage(messages, ctx.t);
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
      const reason = followed.refused === 'crossOrigin' ? t('http.crossOrigin', { location: followed.location, origin: followed.origin }) : t('http.tooManyRedirects', { max: MAX_REDIRECTS });
      return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${reason}` };
    }
    response = followed.response;
    bytes = await readCapped(response);
  } catch (error) {
    if (ctx.signal.aborted || ctx.forceSignal.aborted) return { ok: false, interrupted: true, reason: ctx.t('run.interrupted') };
    if (timeout.aborted) return { ok: false, exitCode: 1, timedOut: true, reason: `${request.method} ${url}: ${networkText(ctx.t)('net.noAnswer', { time: formatDuration(timeoutMs) })}` };
    return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${describeNetworkError(error, ctx.t)}` };
  }
  if (bytes.length > 0) ctx.output.push('stdout', bytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const unmet = checkExpectations(request, response.status, text, ctx.t);
  if (unmet) return { ok: false, exitCode: 1, reason: `${request.method} ${url}: ${unmet}` };
  return { ok: true, exitCode: 0 };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** An `http:` request (of a step, a probe, a rollback or a wait) into the plan. */
export function compileHttp(spec: HttpSpec, at: YamlPath, c: StepCompiler): PlanHttp {
  const t = translator(messages, c.lang);
  const url = c.template(spec.url, 'url', [...at, 'url']);
  const text = c.known(url);
  if (text !== undefined && !isHttpUrl(text)) c.error('http.url', t('http.url', { url: JSON.stringify(text) }), [...at, 'url'], t('http.urlHint'));
  const request: PlanHttp = {
    method: spec.method ?? 'GET',
    url,
    headers: Object.entries(spec.headers ?? {}).map(([name, value]) => ({ name, value: c.template(value, 'text', [...at, 'headers', name]) })),
    bodyIsJson: false,
    json: Object.entries(spec.json ?? {}).map(([p, expected]) => ({ path: p, expected: expectation(expected, [...at, 'json', p], c) })),
    timeoutMs: c.duration(spec.timeout, planDefaults.httpTimeoutMs, [...at, 'timeout'], 'timeout'),
  };
  if (spec.body !== undefined) {
    if (typeof spec.body === 'string') {
      c.checkJsonStrings(spec.body, [...at, 'body']);
      request.body = c.template(spec.body, 'text', [...at, 'body']);
    } else {
      const rendered = jsonBody(spec.body, [...at, 'body'], c);
      request.body = { text: JSON.stringify(rendered), source: JSON.stringify(spec.body), kind: 'text', deferred: false, raw: [] };
      request.bodyIsJson = true;
    }
  }
  if (spec.status !== undefined) request.status = Array.isArray(spec.status) ? [...spec.status] : [spec.status];
  if (spec.contains !== undefined) request.contains = expectation(spec.contains, [...at, 'contains'], c) as string;
  return request;
}

/**
 * An expected value of a response. Strings are templates over parameters; a lone `{{param}}` keeps the
 * parameter's type, so `version: '{{model_version}}'` compares as a number when it is one.
 */
function expectation(value: unknown, at: YamlPath, c: StepCompiler): unknown {
  if (typeof value !== 'string' || !value.includes('{{')) return value;
  const lone = /^\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}$/.exec(value);
  const r = c.template(value, 'text', at, { outputs: false, where: translator(messages, c.lang)('where.expected', { where: c.where }) });
  const param = lone ? c.param(lone[1]!) : undefined;
  if (param) return param.value ?? '';
  return r.text;
}

/** A JSON body written as YAML: its strings are text templates over parameters (step outputs cannot be JSON-escaped in time). */
function jsonBody(value: unknown, at: YamlPath, c: StepCompiler): unknown {
  if (typeof value === 'string') {
    const r = c.template(value, 'text', at);
    if (r.deferred) {
      const t = translator(messages, c.lang);
      c.error('http.body-deferred', t('http.bodyDeferred'), at, t('http.bodyDeferredHint'));
    }
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v, i) => jsonBody(v, [...at, i], c));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonBody(v, [...at, k], c)]));
  }
  return value;
}

/** A request in one line for the text plan: method, URL, headers, body, and what it expects. */
export function describeHttp(request: PlanHttp, w: Pick<PlanTextWriter, 'oneLine'>): string {
  const expectations: string[] = [request.status ? request.status.join('|') : '2xx'];
  for (const { path, expected } of request.json) expectations.push(`${path}=${JSON.stringify(expected)}`);
  if (request.contains !== undefined) expectations.push(`contains ${JSON.stringify(request.contains)}`);
  const headers = request.headers.map((h) => ` -H ${JSON.stringify(`${h.name}: ${h.value.text}`)}`).join('');
  const body = request.body ? ` ${request.body.text}` : '';
  return `${request.method} ${w.oneLine(request.url.text)}${headers}${body} → ${expectations.join(', ')}`;
}

/** A request as an `http` block of the Markdown plan, what it expects below it. */
function httpMarkdown(request: PlanHttp, w: PlanMarkdownWriter): string {
  // The URL and each header are one line of the block: a break in them shows as ␤, so it cannot add a header.
  const lines = [`${request.method} ${w.oneLine(request.url.text)}`];
  for (const h of request.headers) lines.push(`${h.name}: ${w.oneLine(h.value.text)}`);
  if (request.body) lines.push('', request.body.text);
  const expect: string[] = [];
  if (request.status) expect.push(`status ${request.status.join('|')}`);
  for (const j of request.json) expect.push(`${j.path} = ${JSON.stringify(j.expected)}`);
  if (request.contains !== undefined) expect.push(`contains ${JSON.stringify(request.contains)}`);
  const expectLine = expect.length > 0 ? `\n\n${translator(messages, w.lang)('expect')}${w.t('colon')}${expect.map((e) => w.code(w.masked(e))).join(', ')}` : '';
  return w.fence(w.shown(lines.join('\n')), 'http') + expectLine;
}

const oneLine = (request: PlanHttp, render: Render): string => `${request.method} ${render(request.url)}`;

export const httpKind = {
  messages,
  compile: (spec, at, c) => ({ kind: 'http', request: compileHttp(spec, at, c) }),
  run: (action, ctx) => runHttp(action.request, ctx),
  sites: (spec, at, add) => {
    add([...at, 'url'], spec.url, 'url');
    for (const [name, value] of Object.entries(spec.headers ?? {})) add([...at, 'headers', name], value, 'text');
    if (typeof spec.body === 'string') add([...at, 'body'], spec.body, 'text');
  },
  started: (action, render) => oneLine(action.request, render),
  summary: ({ request }) => `${request.method} ${request.url.text}${request.body ? `\n\n${request.body.text}` : ''}`,
  planText: (action, w) => w.labelled(translator(messages, w.lang)('label'), describeHttp(action.request, w)),
  planMarkdown: (action, w) => httpMarkdown(action.request, w),
  // The request is bounded by its own timeout and the step's.
  timeLimit: (action, stepTimeoutMs) => Math.min(stepTimeoutMs, action.request.timeoutMs),
  commands: () => [],
  rawSites: (action) => [action.request.url],
  readOnly: (action) => action !== undefined && (action.request.method === 'GET' || action.request.method === 'HEAD'),
  gate: false,
  output: true,
  expectsRollback: true,
  vocabulary: { method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] },
  describe: (action, render) => oneLine(action.request, render),
  probeText: (action, w) => describeHttp(action.request, w),
  probeMarkdown: (action, w) => httpMarkdown(action.request, w),
  templates: ({ request }) => [request.url, request.body, ...request.headers.map((h) => h.value)],
} satisfies StepKind<'http'> & ProbeKind<'http'>;
