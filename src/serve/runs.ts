// Runs of the server: a queued request becomes a `runbook play` process, with a silence while it holds its lock and a check that the alert resolved.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { paramEnvName } from '../engine/params.js';
import { serveText } from '../i18n/serve.js';
import { mutate, startIfSlot, type ServeContext } from './context.js';
import { markResolved } from './intake.js';
import { finishedMessage, refusedMessage, startedMessage, unresolvedMessage } from './messages.js';
import { isPlayProcess, startPlay, type PlayEvent, type PlayExit } from './play-process.js';
import { prepare } from './prepare.js';
import { writeServeNote } from './journal-note.js';
import type { Rule } from './rules.js';
import type { RunRequest } from './store/types.js';

interface Live {
  timer: NodeJS.Timeout;
  done: Promise<void>;
}

/** Whether the run still holds its playbook's lock (the lock file of its home names its run id). */
export function holdsLock(journalDir: string | undefined, lockKey: string | undefined, runId: string | undefined): boolean {
  if (!journalDir || !lockKey || !runId) return false;
  try {
    const lock = JSON.parse(readFileSync(join(dirname(dirname(journalDir)), 'locks', `${lockKey}.lock`), 'utf8')) as { runId?: unknown };
    return lock.runId === runId;
  } catch {
    return false;
  }
}

export class Runs {
  private readonly live = new Map<string, Live>();
  private readonly polled = new Map<string, number>();

  constructor(private readonly ctx: ServeContext) {}

  private rule(request: RunRequest): Rule | undefined {
    return this.ctx.rules.rules.find((r) => r.name === request.rule);
  }

  /** Starts this server's queued requests while their rule has a free slot, oldest first. */
  async startQueued(): Promise<void> {
    for (const request of await this.ctx.store.list({ statuses: ['queued'] })) {
      if (request.owner !== this.ctx.serverId) continue;
      const rule = this.rule(request);
      if (!rule) continue;
      if ((await this.ctx.store.countRunning(rule.name)) >= rule.maxConcurrent) continue;
      await this.begin(request, rule);
    }
  }

  private async begin(request: RunRequest, rule: Rule): Promise<void> {
    const { ctx } = this;
    const t = serveText(ctx.lang);
    // Before acting, the alert must still be firing: Alertmanager is asked, not the notification's memory.
    let firing;
    try {
      firing = await ctx.alertmanager.firing(request.fingerprint, request.labels);
    } catch (error) {
      ctx.log('alertmanager.error', { id: request.id, error: (error as Error).message });
      return; // asked again on the next tick
    }
    if (!firing) return this.end(request, rule, 'cancelled', t('cancel.notFiring'), ctx.now());
    // Compiled again, as `play` will: what runs is checked now, and a playbook changed since the approval is refused.
    const prepared = await prepare(rule, request, { lang: ctx.lang, env: ctx.env, ...(ctx.sandbox ? { sandbox: ctx.sandbox.vars } : {}) });
    if (!prepared.ok) return this.end(request, rule, 'refused', prepared.reason, ctx.now() + rule.cooldownMs);
    if (request.playbookSha256 && prepared.playbookSha256 !== request.playbookSha256) return this.end(request, rule, 'refused', t('refuse.changed'), ctx.now() + rule.cooldownMs);
    const now = ctx.now();
    // The slot is taken in the same step as the change (another server may be starting one of this rule now).
    const running = await startIfSlot(ctx.store, request.id, rule.maxConcurrent, (r) => (r.status === 'queued' && r.owner === ctx.serverId ? { status: 'running', startedAt: now, host: ctx.host } : undefined));
    if (!running) return;
    ctx.log('run.starting', { id: running.id, rule: rule.name, playbook: running.playbookName });
    ctx.notifier.send(rule, 'started', startedMessage(running, ctx.lang));
    const env: NodeJS.ProcessEnv = { ...ctx.env };
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(prepared.params)) {
      // A secret never goes on a command line (other users see argv): the environment carries it.
      if (prepared.secret.includes(name)) env[paramEnvName(name)] = value;
      else params[name] = value;
    }
    let chain = Promise.resolve();
    const queue = (job: () => Promise<void>) => {
      chain = chain.then(job).catch((error: unknown) => ctx.log('run.error', { id: running.id, error: (error as Error).message }));
    };
    const handle = startPlay({
      playbook: running.playbook,
      params,
      env,
      cwd: ctx.cwd,
      lang: ctx.lang,
      ...(ctx.home ? { home: ctx.home } : {}),
      ...(ctx.sandbox ? { sandboxDir: ctx.sandbox.dir } : {}),
      onEvent: (event) => queue(() => this.onEvent(running.id, event)),
      onBadLine: (line) => {
        ctx.metrics.badLines.inc();
        ctx.log('run.bad-line', { id: running.id, line });
      },
    });
    queue(async () => void (await mutate(ctx.store, running.id, () => ({ pid: handle.pid }))));
    const timer = setInterval(() => queue(() => this.renewSilence(running.id)), Math.max(200, Math.floor(ctx.timing.silenceMs / 3)));
    const done = handle.done.then(async (exit) => {
      clearInterval(timer);
      await chain;
      await this.finish(running.id, exit);
      this.live.delete(running.id);
    });
    this.live.set(running.id, { timer, done });
  }

  private async onEvent(id: string, event: PlayEvent): Promise<void> {
    if (event.type !== 'run.started') return;
    const journalDir = typeof event.journalDir === 'string' ? event.journalDir : undefined;
    const request = await mutate(this.ctx.store, id, () => ({ runId: event.runId, ...(journalDir ? { journalDir } : {}) }));
    if (!request) return;
    this.ctx.log('run.started', { id, run: event.runId });
    if (journalDir) await writeServeNote(journalDir, request, this.ctx).catch((error: unknown) => this.ctx.log('run.note-failed', { id, error: (error as Error).message }));
    // The run holds its lock from here to run.finished: the silence covers exactly that.
    await this.renewSilence(id);
  }

  /** Creates or extends the silence of a run that holds its lock (a short end: if the server dies, it lapses). */
  private async renewSilence(id: string): Promise<void> {
    const { ctx } = this;
    const request = await ctx.store.get(id);
    if (!request || request.status !== 'running' || !holdsLock(request.journalDir, request.lockKey, request.runId)) return;
    const comment = `runbook serve: run ${request.runId} of ${request.playbookName} (request ${request.id}, rule ${request.rule}, server ${ctx.serverId})`;
    try {
      const silenceId = await ctx.alertmanager.silence(request.labels, new Date(ctx.now() + ctx.timing.silenceMs), comment, request.silenceId);
      if (silenceId !== request.silenceId) {
        await mutate(ctx.store, id, () => ({ silenceId }));
        ctx.log('silence.created', { id, silence: silenceId });
      }
    } catch (error) {
      ctx.log('silence.failed', { id, error: (error as Error).message });
    }
  }

  /** How a run ended, from its exit and last event: a crash (no run.finished) is named, never taken for a result. */
  private outcomeOf(exit: PlayExit): { outcome: string; exitCode?: number; reason?: string } {
    const t = serveText(this.ctx.lang);
    const finished = exit.finished;
    if (finished && typeof finished.status === 'string') {
      const reason = typeof finished.reason === 'string' ? finished.reason : undefined;
      return { outcome: finished.status, exitCode: typeof finished.exitCode === 'number' ? finished.exitCode : (exit.code ?? -1), ...(reason ? { reason } : {}) };
    }
    const how = exit.signal ? t('outcome.howSignal', { signal: exit.signal }) : t('outcome.howExit', { code: String(exit.code) });
    const detail = exit.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
    if (exit.code === 2 || exit.code === 5) return { outcome: exit.code === 2 ? 'invalid' : 'locked', exitCode: exit.code, reason: detail };
    return { outcome: 'crashed', ...(exit.code !== null ? { exitCode: exit.code } : {}), reason: `${t('outcome.crashed', { how })}${detail ? `: ${detail}` : ''}` };
  }

  private async finish(id: string, exit: PlayExit | { outcome: string; exitCode?: number; reason?: string }): Promise<void> {
    const { ctx } = this;
    const result = 'outcome' in exit ? exit : this.outcomeOf(exit);
    const request = await ctx.store.get(id);
    if (!request || request.status !== 'running') return;
    if (request.silenceId) {
      await ctx.alertmanager.expire(request.silenceId).then(
        () => ctx.log('silence.expired', { id, silence: request.silenceId }),
        (error: unknown) => ctx.log('silence.failed', { id, error: (error as Error).message }),
      );
    }
    const rule = this.rule(request);
    const now = ctx.now();
    const ok = result.outcome === 'ok';
    const done = await mutate(ctx.store, id, (r) =>
      r.status !== 'running'
        ? undefined
        : { status: 'finished', outcome: result.outcome, finishedAt: now, ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}), ...(result.reason ? { reason: result.reason } : {}), ...(ok ? { resolution: 'waiting', resolveBy: now + (rule?.resolveWithinMs ?? 0) } : {}) },
    );
    if (!done) return;
    await ctx.store.endClaim(done.rule, done.fingerprint, done.id, now + (rule?.cooldownMs ?? 0));
    ctx.metrics.runs.inc({ rule: done.rule, outcome: result.outcome });
    ctx.log('run.finished', { id, run: done.runId, outcome: result.outcome, exitCode: done.exitCode });
    if (rule) ctx.notifier.send(rule, 'finished', finishedMessage(done, ctx.lang));
  }

  /** A request that ends without a run (the alert stopped firing, the playbook refuses now). */
  private async end(request: RunRequest, rule: Rule, status: 'cancelled' | 'refused', reason: string, claimUntil: number): Promise<void> {
    const { ctx } = this;
    const done = await mutate(ctx.store, request.id, (r) => (r.status === 'queued' ? { status, reason, finishedAt: ctx.now() } : undefined));
    if (!done) return;
    await ctx.store.endClaim(done.rule, done.fingerprint, done.id, claimUntil);
    ctx.metrics.runs.inc({ rule: rule.name, outcome: status });
    ctx.log(`request.${status}`, { id: done.id, reason });
    ctx.notifier.send(rule, status === 'refused' ? 'refused' : 'finished', status === 'refused' ? refusedMessage(done, ctx.lang) : finishedMessage(done, ctx.lang));
  }

  /**
   * Runs this server did not start (it restarted, or took them over from a server that died): still running
   * (its process is there: the silence is renewed), or ended (its journal says how), or lost.
   */
  async followOthers(): Promise<void> {
    const { ctx } = this;
    const { tryReadMeta } = await import('../engine/run/journal-read.js');
    for (const request of await ctx.store.list({ statuses: ['running'] })) {
      if (request.owner !== ctx.serverId || this.live.has(request.id) || request.host !== ctx.host) continue;
      if (request.pid && isPlayProcess(request.pid, request.playbook)) {
        await this.renewSilence(request.id);
        continue;
      }
      const meta = request.journalDir ? tryReadMeta(request.journalDir) : undefined;
      if (meta && 'meta' in meta && meta.meta.status && meta.meta.status !== 'running') {
        await this.finish(request.id, { outcome: meta.meta.status, ...(meta.meta.exitCode !== undefined ? { exitCode: meta.meta.exitCode } : {}) });
      } else {
        const t = serveText(ctx.lang);
        await this.finish(request.id, meta ? { outcome: 'crashed', reason: t('outcome.crashed', { how: t('outcome.howGone') }) } : { outcome: 'lost', reason: t('outcome.lost') });
      }
    }
  }

  /** After a successful run: resolved (Alertmanager no longer has it firing), or *did not resolve* in time. */
  async checkResolutions(): Promise<void> {
    const { ctx } = this;
    for (const request of await ctx.store.list({ statuses: ['finished'] })) {
      if (request.resolution !== 'waiting' || request.owner !== ctx.serverId) continue;
      const now = ctx.now();
      if (now - (this.polled.get(request.id) ?? 0) < ctx.timing.resolvePollMs) continue;
      this.polled.set(request.id, now);
      let firing;
      try {
        firing = await ctx.alertmanager.firing(request.fingerprint, request.labels);
      } catch (error) {
        ctx.log('alertmanager.error', { id: request.id, error: (error as Error).message });
        continue;
      }
      if (!firing) {
        await markResolved(ctx, request.id, now);
        this.polled.delete(request.id);
      } else if (request.resolveBy !== undefined && now >= request.resolveBy) {
        const done = await mutate(ctx.store, request.id, (r) => (r.resolution === 'waiting' ? { resolution: 'unresolved' } : undefined));
        this.polled.delete(request.id);
        if (!done) continue;
        const rule = this.rule(done);
        ctx.metrics.unresolved.inc({ rule: done.rule });
        ctx.log('request.unresolved', { id: done.id });
        if (rule) ctx.notifier.send(rule, 'unresolved', unresolvedMessage(done, ctx.lang, rule.resolveWithinMs));
      }
    }
  }

  /** Waits for the runs this process follows (tests; a server shutting down does not wait: runs go on). */
  async settled(): Promise<void> {
    await Promise.all([...this.live.values()].map((l) => l.done));
  }

  /** Stops following runs (at shutdown): their processes go on; the next server finds them. */
  detach(): void {
    for (const live of this.live.values()) clearInterval(live.timer);
  }
}
