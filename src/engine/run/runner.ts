// runPlan: runs a compiled plan — lock, preconditions, steps, postconditions, rollback, finally — and
// journals and reports every event. It never prints and never exits: the CLI turns the result into an exit code.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { collectSecrets } from '../compile.js';
import { ExitCode, UserError } from '../errors.js';
import type { Reporter, RunStatus } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { pickText } from '../text.js';
import type { StepServices } from '../../steps/index.js';
import { runCheckOnly } from './check.js';
import { Emitter } from './emitter.js';
import { Journal, type RunMeta } from './journal.js';
import { sandboxHome } from './home.js';
import { acquireLock, currentUser, type HeldLock } from './lock.js';
import { conclude, countSteps } from './outcome.js';
import { MASK, Redactor } from './redact-stream.js';
import { runRollbackOnly } from './rollback-resume.js';
import { runSequence, type SequenceContext } from './sequence.js';
import { createServices } from './services.js';
import { Interrupts } from './signals.js';
import { RunState, type Frame } from './state.js';
import type { RunOptions, RunResult } from './types.js';
import { engineText } from '../../i18n/engine.js';
import { makeEnvCheck } from './env-check.js';
import { fromEnvValues } from '../compile.js';

export type { RunOptions, RunResult, StepResult } from './types.js';

/** Sortable, unique enough, readable: 20261128-013045-a1b2. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(2).toString('hex')}`;
}

function reportersOf(option: RunOptions['reporter']): Reporter[] {
  if (!option) return [];
  return Array.isArray(option) ? [...option] : [option as Reporter];
}

export async function runPlan(plan: CompiledPlan, options: RunOptions): Promise<RunResult> {
  const runId = options.runId ?? newRunId();
  const started = Date.now();
  const secrets = [...collectSecrets(plan), ...(options.secrets ?? [])];
  const redactor = new Redactor(secrets);
  const reporters = reportersOf(options.reporter);
  const emitter = new Emitter(runId, reporters, redactor);
  const checkOnly = options.checkOnly === true;
  const t = engineText(options.lang ?? 'en');

  // A sandbox run keeps its lock and journal apart: it never holds (or waits for) the real lock.
  const home = plan.sandbox ? sandboxHome(options.home) : options.home;
  // Lock first: a second run fails at once, before it writes anything.
  let lock: HeldLock | undefined;
  try {
    if (options.lock !== false && !checkOnly) lock = acquireLock(home, plan.playbook.lock, { playbook: plan.playbook.name, runId, ...(plan.sandbox ? { sandbox: true } : {}) }, t, options.env);
  } catch (error) {
    await closeReporters(reporters);
    throw error;
  }

  const interrupts = new Interrupts(options.interrupts, (signal, forced) => {
    const action = forced ? 'force' : plan.playbook.onInterrupt;
    emitter.emit({ type: 'interrupt.received', signal, action });
  });
  const onAbort = () => interrupts.receive('SIGTERM');
  options.signal?.addEventListener('abort', onAbort);

  const params = plan.params.map((p) => ({ name: p.name, value: p.secret ? MASK : p.value === undefined ? '' : String(p.value), secret: p.secret }));
  const meta: RunMeta = {
    runId,
    playbook: plan.playbook.name,
    title: redactor.redact(pickText(plan.playbook.title, options.lang ?? 'en') ?? plan.playbook.name),
    file: options.source?.file ?? '',
    ...(options.source?.fileSha256 ? { fileSha256: options.source.fileSha256 } : {}),
    lock: plan.playbook.lock,
    // Every non-secret value that did not come from the playbook (--param or RUNBOOK_PARAM_*), so that
    // resume runs with the same values even when the environment has changed since.
    params: Object.fromEntries(plan.params.filter((p) => !p.secret && p.source === 'given' && p.value !== undefined).map((p) => [p.name, String(p.value)])),
    secretParams: plan.params.filter((p) => p.secret).map((p) => p.name),
    envCheck: makeEnvCheck(fromEnvValues(plan)),
    sandbox: plan.sandbox,
    user: currentUser(),
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(started).toISOString(),
    cwd: options.cwd ?? process.cwd(),
    status: 'running',
    ...(options.resume ? { resumedFrom: options.resume.fromRun } : {}),
    ...(options.rollbackOnly ? { resumedFrom: options.rollbackOnly.fromRun, mode: 'rollback', rollbackSteps: options.rollbackOnly.steps } : {}),
    ...(checkOnly ? { mode: 'check' } : {}),
  };
  let journal: Journal | undefined;
  try {
    journal = Journal.create(home, runId, redactor.redactDeep({ ...plan, params: plan.params.map((p) => (p.secret ? { ...p, value: MASK } : p)) }), meta, t);
    if (journal.failure) {
      // Nothing has run yet: a clean error, not a run to look after.
      throw new UserError(journal.failure.message, { hint: t('home.hint'), cause: journal.failure });
    }
    if (options.journalSync) journal.syncMode = options.journalSync;
    emitter.journal = journal;
    const state = new RunState(runId, options, emitter, journal, redactor, interrupts);

    emitter.emit({
      type: 'run.started',
      playbook: { name: plan.playbook.name, title: plan.playbook.title, risk: plan.playbook.risk, file: plan.playbook.file },
      params,
      sandbox: plan.sandbox,
      journalDir: journal.dir,
      totalSteps: plan.steps.length,
      ...(options.resume ? { resumedFrom: options.resume.fromRun } : {}),
      ...(options.rollbackOnly ? { resumedFrom: options.rollbackOnly.fromRun } : {}),
    });

    const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
    const ctx: SequenceContext = { state, services: undefined as unknown as StepServices, onInterrupt: plan.playbook.onInterrupt, nestedRollbackFailed: [] };
    ctx.services = createServices(ctx, plan, options, reporters);

    let concluded: { status: RunStatus; exitCode: number; reason?: string };
    let failedStep: string | undefined;
    let wouldRun: string[] | undefined;
    let unknown: string[] | undefined;
    if (checkOnly) {
      const check = await runCheckOnly(state, root);
      wouldRun = check.wouldRun;
      unknown = check.unknown;
      concluded = check.ok
        ? { status: 'ok', exitCode: ExitCode.ok }
        : state.interrupts.interrupted
          ? { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: check.reason }
          : { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: check.reason };
    } else if (options.rollbackOnly) {
      concluded = conclude(await runRollbackOnly(state, root, options.rollbackOnly), state);
    } else {
      const outcome = await runSequence(ctx, root, true);
      outcome.rollbackFailed.unshift(...ctx.nestedRollbackFailed);
      concluded = conclude(outcome, state);
      failedStep = outcome.failedStep;
    }
    const steps = [...state.results.values()];
    emitter.emit({
      type: 'run.finished',
      status: concluded.status,
      exitCode: concluded.exitCode,
      durationMs: Date.now() - started,
      counts: countSteps(steps),
      journalDir: journal.dir,
      ...(failedStep ? { failedStep } : {}),
      ...(concluded.reason ? { reason: redactor.redact(concluded.reason) } : {}),
      ...(state.unrolled.length > 0 ? { unrolled: state.unrolled } : {}),
      ...(plan.sandbox ? { sandbox: true } : {}),
    });
    journal.writeMeta({ ...meta, status: concluded.status, exitCode: concluded.exitCode, finishedAt: new Date().toISOString() });
    return {
      runId,
      status: concluded.status,
      exitCode: concluded.exitCode,
      journalDir: journal.dir,
      steps,
      ...(failedStep ? { failedStep } : {}),
      ...(concluded.reason ? { reason: redactor.redact(concluded.reason) } : {}),
      ...(wouldRun ? { wouldRun } : {}),
      ...(state.unrolled.length > 0 ? { unrolled: redactor.redactDeep(state.unrolled) } : {}),
      ...(unknown ? { unknown } : {}),
    };
  } finally {
    journal?.close();
    interrupts.dispose();
    options.signal?.removeEventListener('abort', onAbort);
    lock?.release();
    await closeReporters(reporters);
  }
}

async function closeReporters(reporters: readonly Reporter[]): Promise<void> {
  for (const reporter of reporters) {
    try {
      await reporter.close?.();
    } catch {
      // a reporter failing to close must not turn a finished run into a crash
    }
  }
}
