// The server's HTTP API: Alertmanager's webhook, the operators' API (pending, approve, deny), /healthz and /metrics.
//
// Every API call is authenticated before its body is read (Bearer token, operators.ts); bodies are capped
// (1 MiB for the webhook: 413 beyond), and a body that is not the expected JSON is answered 400 before
// anything is done with it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { authenticate, type Operator, type Role } from './operators.js';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;
const MAX_API_BYTES = 64 * 1024;

export interface Api {
  health(): unknown;
  metrics(): Promise<{ contentType: string; text: string }>;
  webhook(body: unknown, caller: Operator): Promise<{ status: number; body: unknown }>;
  list(query: URLSearchParams, caller: Operator): Promise<{ status: number; body: unknown }>;
  show(id: string, caller: Operator): Promise<{ status: number; body: unknown }>;
  decide(id: string, decision: 'approve' | 'deny', body: unknown, caller: Operator): Promise<{ status: number; body: unknown }>;
}

class TooLarge extends Error {}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The JSON of a body, or undefined when it is not JSON (an empty body is `{}`). */
function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

export function createApiServer(api: Api, operators: () => readonly Operator[], log: (event: string, fields?: Record<string, unknown>) => void): Server {
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof TooLarge) {
        send(res, 413, { error: 'too-large', limit: MAX_WEBHOOK_BYTES }, { connection: 'close' });
        res.on('finish', () => req.destroy());
        return;
      }
      log('http.error', { path: req.url, error: (error as Error).message });
      if (!res.headersSent) send(res, 500, { error: 'internal' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://server');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/healthz') return send(res, 200, api.health());
    if (method === 'GET' && url.pathname === '/metrics') {
      const m = await api.metrics();
      return send(res, 200, m.text, { 'content-type': m.contentType });
    }
    const route = routeOf(method, url.pathname);
    if (!route) return send(res, 404, { error: 'not-found' });
    const caller = authenticate(operators(), req.headers.authorization);
    if (!caller) {
      log('http.unauthorized', { path: url.pathname });
      return send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="runbook serve"' });
    }
    if (!caller.roles.includes(route.role)) return send(res, 403, { error: 'forbidden', needs: route.role });
    const bytes = method === 'POST' ? await readBody(req, route.name === 'webhook' ? MAX_WEBHOOK_BYTES : MAX_API_BYTES) : Buffer.alloc(0);
    const body = parseJson(bytes);
    if (body === undefined) return send(res, 400, { error: 'bad-json' });
    const answer = await dispatch(route, body, url.searchParams, caller);
    send(res, answer.status, answer.body);
  }

  function dispatch(route: Route, body: unknown, query: URLSearchParams, caller: Operator) {
    switch (route.name) {
      case 'webhook':
        return api.webhook(body, caller);
      case 'list':
        return api.list(query, caller);
      case 'show':
        return api.show(route.id!, caller);
      case 'approve':
      case 'deny':
        return api.decide(route.id!, route.name, body, caller);
    }
  }
  return server;
}

interface Route {
  name: 'webhook' | 'list' | 'show' | 'approve' | 'deny';
  role: Role;
  id?: string;
}

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'POST' && (path === '/webhook' || path === '/api/v1/alerts')) return { name: 'webhook', role: 'webhook' };
  if (method === 'GET' && path === '/api/v1/requests') return { name: 'list', role: 'approve' };
  const match = /^\/api\/v1\/requests\/([A-Za-z0-9-]{1,64})(?:\/(approve|deny))?$/.exec(path);
  if (!match) return undefined;
  if (method === 'GET' && !match[2]) return { name: 'show', role: 'approve', id: match[1]! };
  if (method === 'POST' && match[2]) return { name: match[2] as 'approve' | 'deny', role: 'approve', id: match[1]! };
  return undefined;
}
