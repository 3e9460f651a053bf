// `runbook serve`, assembled: rules, store, Alertmanager, notifications, metrics, the HTTP API and the tick that moves requests on.
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Lang } from '../i18n/index.js';
import { UserError } from '../engine/errors.js';
import { serveText } from '../i18n/serve.js';
import { Alertmanager } from './alertmanager.js';
import { decide, expire, settle } from './approvals.js';
import type { ServeContext, ServeTiming } from './context.js';
import { createApiServer, type Api } from './http.js';
import { takeAlerts } from './intake.js';
import { createMetrics } from './metrics.js';
import { Notifier } from './notifier.js';
import type { Operator } from './operators.js';
import type { RuleSet } from './rules.js';
import { Runs } from './runs.js';
import { describeStore, storeFor } from './store/index.js';
import { parseWebhook } from './webhook.js';
import { requestView } from './view.js';

export interface ServeOptions {
  rules: RuleSet;
  alertmanagerUrl: string;
  alertmanagerAuthorization?: string;
  operators: readonly Operator[];
  /** `postgres://…`, or a SQLite file. */
  store: string;
  host: string;
  port: number;
  home?: string;
  /** Keep a sandbox up for the server's life, and play every run in it. */
  sandbox?: boolean;
  serverId?: string;
  publicUrl?: string;
  lang: Lang;
  env: NodeJS.ProcessEnv;
  cwd: string;
  timing?: Partial<ServeTiming>;
  /** Where the server's log lines go (default: stdout). */
  write?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  ctx: ServeContext;
  runs: Runs;
  /** One pass over the requests (also run every tickMs). */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_TIMING: ServeTiming = { tickMs: 1000, leaseMs: 30_000, silenceMs: 120_000, resolvePollMs: 5000 };

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (event: string, fields: Record<string, unknown> = {}) => write(`${new Date().toISOString()} ${event} ${JSON.stringify(fields)}`);
  const store = storeFor(options.store);
  await store.init();
  const sandbox = options.sandbox ? await (await import('../sandbox/index.js')).startSandbox({ lang: options.lang }) : undefined;
  const metrics = await createMetrics(async () => (await store.list({ statuses: ['pending'] })).length);
  const notifier = new Notifier({
    rules: options.rules,
    env: options.env,
    onResult: (r) => {
      metrics.notifications.inc({ via: r.via, result: r.ok ? 'ok' : 'failed' });
      if (!r.ok) log('notify.failed', { channel: r.channel, attempts: r.attempts, error: r.failure });
    },
  });
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const ctx: ServeContext = {
    store,
    rules: options.rules,
    alertmanager: new Alertmanager(options.alertmanagerUrl, options.alertmanagerAuthorization),
    notifier,
    metrics,
    lang: options.lang,
    env: options.env,
    cwd: options.cwd,
    serverId: options.serverId ?? `${hostname()}:${options.port}`,
    host: hostname(),
    timing,
    log,
    now: () => Date.now(),
    ...(options.home ? { home: options.home } : {}),
    ...(sandbox ? { sandbox: { dir: sandbox.dir, vars: sandbox.vars } } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
  const runs = new Runs(ctx);
  const ticker = makeTicker(() => pass(ctx, runs).catch((error: unknown) => log('tick.error', { error: (error as Error).message })));
  const tick = ticker.tick;
  const api = makeApi(ctx, () => void tick(), () => ticker.passes, sandbox ? { dir: sandbox.dir, api_url: sandbox.vars.api_url ?? '' } : undefined);
  const server: Server = createApiServer(api, () => options.operators, log);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(listenFailure(options, error))));
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (options.serverId === undefined) ctx.serverId = `${hostname()}:${port}`;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  log('serve.started', { url, server: ctx.serverId, store: describeStore(options.store), rules: options.rules.file, alertmanager: options.alertmanagerUrl, ...(sandbox ? { sandbox: sandbox.dir } : {}) });
  const interval = setInterval(() => void tick(), timing.tickMs);
  void tick();
  return {
    url,
    ctx,
    runs,
    tick,
    async close() {
      clearInterval(interval);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await ticker.idle();
      runs.detach();
      await notifier.drain();
      await store.close();
      await sandbox?.stop();
      log('serve.stopped', { server: ctx.serverId });
    },
  };
}

/** Runs `pass` one at a time: a tick asked for while one runs makes one more pass after it, never two at once. */
function makeTicker(pass: () => Promise<void>) {
  let ticking: Promise<void> | undefined;
  let again = false;
  const ticker = {
    passes: 0,
    tick(): Promise<void> {
      if (ticking) {
        again = true;
        return ticking;
      }
      ticking = (async () => {
        do {
          again = false;
          await pass();
          ticker.passes++;
        } while (again);
      })().finally(() => (ticking = undefined));
      return ticking;
    },
    async idle(): Promise<void> {
      await ticking;
    },
  };
  return ticker;
}

/** One pass: leases, take-overs, expiry, decisions made elsewhere, the queue, runs of others, resolutions. */
async function pass(ctx: ServeContext, runs: Runs): Promise<void> {
  const now = ctx.now();
  await ctx.store.renew(ctx.serverId, now + ctx.timing.leaseMs);
  const taken = await ctx.store.takeOver(ctx.serverId, ctx.host, now, now + ctx.timing.leaseMs);
  if (taken.length > 0) ctx.log('requests.taken-over', { ids: taken });
  for (const request of await ctx.store.list({ statuses: ['pending'] })) {
    if (request.owner !== ctx.serverId) continue;
    if (request.expiresAt !== undefined && request.expiresAt <= now) await expire(ctx, request);
    else await settle(ctx, request.id);
  }
  await runs.startQueued();
  await runs.followOthers();
  await runs.checkResolutions();
}

function makeApi(ctx: ServeContext, kick: () => void, passes: () => number, sandbox: { dir: string; api_url: string } | undefined): Api {
  return {
    // `ticks`: passes over the requests so far (a test waits for a few to see that nothing happened).
    health: () => ({ status: 'ok', server: ctx.serverId, store: ctx.store.kind, ticks: passes(), ...(sandbox ? { sandbox } : {}) }),
    async metrics() {
      return { contentType: ctx.metrics.registry.contentType, text: await ctx.metrics.registry.metrics() };
    },
    async webhook(body, caller) {
      const alerts = parseWebhook(body);
      if (typeof alerts === 'string') return { status: 400, body: { error: 'bad-payload', detail: alerts } };
      const results = await takeAlerts(ctx, alerts, caller.name);
      kick();
      return { status: 200, body: { results } };
    },
    async list(query) {
      const all = query.get('status') === 'all';
      const requests = await ctx.store.list(all ? {} : { statuses: ['pending'] });
      return { status: 200, body: { requests: await Promise.all(requests.map((r) => requestView(ctx, r))) } };
    },
    async show(id) {
      const request = await ctx.store.get(id);
      return request ? { status: 200, body: await requestView(ctx, request, true) } : { status: 404, body: { error: 'not-found' } };
    },
    async decide(id, decision, body, caller) {
      const reason = typeof (body as { reason?: unknown }).reason === 'string' ? ((body as { reason: string }).reason.slice(0, 1000)) : undefined;
      const result = await decide(ctx, id, caller, decision, reason);
      if (!result.ok) return { status: result.status, body: { error: result.error } };
      kick();
      return { status: 200, body: { ...(await requestView(ctx, result.request)), approvals: result.approvals } };
    },
  };
}

const LISTEN_WORDS: Partial<Record<string, 'serve.listenInUse' | 'serve.listenDenied' | 'serve.listenNoAddress'>> = {
  EADDRINUSE: 'serve.listenInUse',
  EACCES: 'serve.listenDenied',
  EADDRNOTAVAIL: 'serve.listenNoAddress',
};

/** `cannot listen on 127.0.0.1:8080: EADDRINUSE`, in the server's language (the code kept, for searching). */
function listenFailure(options: Pick<ServeOptions, 'host' | 'port' | 'lang'>, error: NodeJS.ErrnoException): string {
  const t = serveText(options.lang);
  const words = error.code === undefined ? undefined : LISTEN_WORDS[error.code];
  const reason = error.code === undefined ? error.message : words ? t(words, { code: error.code }) : error.code;
  return t('serve.cannotListen', { host: options.host, port: options.port, reason });
}
