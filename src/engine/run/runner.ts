// runPlan: runs a compiled plan — lock, preconditions, steps, postconditions, rollback, finally — and
// journals and reports every event. It never prints and never exits: the CLI turns the result into an exit code.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { collectSecrets } from '../compile.js';
import { ExitCode, UserError } from '../errors.js';
import type { Reporter, RunStatus } from '../events.js';
import type { CompiledPlan, PlanAction } from '../plan.js';
import { pickText } from '../text.js';
import type { ActionResult, StepServices } from '../../steps/index.js';
import { answerGate, type GateAnswer } from '../../steps/confirm.js';
import { runCheckOnly } from './check.js';
import { Emitter } from './emitter.js';
import { runFinally } from './finally.js';
import { Journal, type RunMeta } from './journal.js';
import { acquireLock, currentUser, type HeldLock } from './lock.js';
import { runConditions } from './preconditions.js';
import { MASK, Redactor } from './redact-stream.js';
import { rollbackCompleted } from './rollback.js';
import { Interrupts } from './signals.js';
import { runStep } from './step.js';
import { RunState, type Frame } from './state.js';
import type { RunOptions, RunResult, StepResult } from './types.js';

export type { RunOptions, RunResult, StepResult } from './types.js';

/** Sortable, unique enough, readable: 20261128-013045-a1b2. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(2).toString('hex')}`;
}

/** How a sequence of steps (the whole playbook or an included one) ended. */
interface SequenceOutcome {
  status: 'ok' | 'failed' | 'precondition_failed' | 'gate_stopped' | 'interrupted';
  failedStep?: string;
  reason?: string;
  rollbackFailed: string[];
  finallyFailed: string[];
}

interface Ctx {
  state: RunState;
  services: StepServices;
  onInterrupt: 'rollback' | 'stop';
  /** Rollbacks that failed inside included playbooks (they make the whole run `rollback_failed`). */
  nestedRollbackFailed: string[];
}

async function runSequence(ctx: Ctx, frame: Frame, top: boolean): Promise<SequenceOutcome> {
  const { state, services } = ctx;
  const outcome: SequenceOutcome = { status: 'ok', rollbackFailed: [], finallyFailed: [] };

  const pre = await runConditions(state, frame, 'preconditions', { events: top });
  if (!pre.ok) {
    Object.assign(outcome, { status: pre.interrupted || state.interrupts.interrupted ? 'interrupted' : 'precondition_failed', reason: pre.reason });
  } else {
    await runSteps(ctx, frame, top, outcome);
    if (outcome.status === 'ok') {
      const post = await runConditions(state, frame, 'postconditions', { events: top });
      if (!post.ok) Object.assign(outcome, { status: post.interrupted ? 'interrupted' : 'failed', reason: post.reason });
    }
    const rollBack =
      outcome.status === 'failed' || outcome.status === 'gate_stopped' || (outcome.status === 'interrupted' && ctx.onInterrupt === 'rollback');
    if (rollBack && !state.interrupts.forced && frame.completed.some(hasRollback)) {
      if (top) state.emitter.emit({ type: 'phase.started', phase: 'rollback' });
      const rolled = await rollbackCompleted(state, frame.completed);
      outcome.rollbackFailed = rolled.failed;
      if (top) state.emitter.emit({ type: 'phase.finished', phase: 'rollback', ok: rolled.ok });
    }
  }
  if (!state.interrupts.forced) outcome.finallyFailed = await runFinally(state, frame, services, { events: top });
  return outcome;
}

function hasRollback(entry: Frame['completed'][number]): boolean {
  return entry.step.rollback !== undefined || (entry.nested?.completed.some(hasRollback) ?? false);
}

async function runSteps(ctx: Ctx, frame: Frame, top: boolean, outcome: SequenceOutcome): Promise<void> {
  const { state, services } = ctx;
  const steps = frame.plan.steps;
  const resumed = top ? new Map(state.options.resume?.done.map((d) => [d.id, d])) : new Map();
  if (top) state.emitter.emit({ type: 'phase.started', phase: 'steps' });
  for (const [i, step] of steps.entries()) {
    const id = frame.prefix + step.id;
    const done = resumed.get(step.id);
    if (done) {
      state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: done.status === 'already_done' ? 'already_done' : 'skipped', reason: `completed in run ${state.options.resume!.fromRun}`, fromRun: state.options.resume!.fromRun, previous: done.status });
      state.record({ id, phase: 'steps', status: done.status, attempts: 0, durationMs: 0 });
      if (done.outputs) frame.outputs[step.id] = done.outputs;
      if (done.status === 'ok') frame.completed.push({ frame, step, fullId: id });
      continue;
    }
    if (state.interrupts.interrupted) {
      Object.assign(outcome, { status: 'interrupted', reason: `interrupted (${state.interrupts.signal}) before ${id}` });
      break;
    }
    const halted = state.halted;
    if (halted) {
      Object.assign(outcome, { status: 'failed', failedStep: id, reason: halted });
      break;
    }
    const result = await runStep(state, frame, step, 'steps', i + 1, steps.length, services);
    if (result.status === 'ok') {
      frame.completed.push({ frame, step, fullId: id, nested: result.nested });
      continue;
    }
    if (result.gateStopped && !state.interrupts.interrupted) {
      Object.assign(outcome, { status: 'gate_stopped', failedStep: id, reason: `${id}: ${result.reason ?? 'gate not passed'}` });
      break;
    }
    if ((result.status !== 'failed' && !result.gateStopped) || result.continued) continue;
    const interrupted = result.interrupted || state.interrupts.interrupted;
    Object.assign(outcome, { status: interrupted ? 'interrupted' : 'failed', failedStep: id, reason: `${id}: ${result.reason ?? 'failed'}` });
    break;
  }
  if (top) state.emitter.emit({ type: 'phase.finished', phase: 'steps', ok: outcome.status === 'ok' });
}

/** Status and exit code of a finished run; a failed rollback always wins (a human must look). */
function conclude(outcome: SequenceOutcome, state: RunState): { status: RunStatus; exitCode: number; reason?: string } {
  const journalFailure = state.journal.failure;
  if (journalFailure) {
    return { status: 'rollback_failed', exitCode: ExitCode.rollbackFailed, reason: `${journalFailure.message}: the run stopped; what was done was not rolled back` };
  }
  if (outcome.rollbackFailed.length > 0) {
    return { status: 'rollback_failed', exitCode: ExitCode.rollbackFailed, reason: `${outcome.reason ?? 'failed'}; rollback failed for ${outcome.rollbackFailed.join(', ')}` };
  }
  switch (outcome.status) {
    case 'ok':
      // Ctrl-C during `finally` of a successful run: the steps are done, but the signal is reported.
      if (state.interrupts.interrupted) return { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: 'interrupted while running finally' };
      if (outcome.finallyFailed.length > 0) return { status: 'failed', exitCode: ExitCode.failed, reason: `finally step failed: ${outcome.finallyFailed.join(', ')}` };
      return { status: 'ok', exitCode: ExitCode.ok };
    case 'precondition_failed':
      return { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: outcome.reason };
    case 'failed':
      return { status: 'failed', exitCode: ExitCode.failed, reason: outcome.reason };
    case 'gate_stopped':
      return { status: 'gate_stopped', exitCode: ExitCode.failed, reason: outcome.reason };
    case 'interrupted':
      return { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: outcome.reason };
  }
}

function countSteps(results: Iterable<StepResult>) {
  const counts = { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
  for (const r of results) if (r.status in counts) counts[r.status as keyof typeof counts] += 1;
  return counts;
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

  // Lock first: a second run fails at once, before it writes anything.
  let lock: HeldLock | undefined;
  try {
    if (options.lock !== false && !checkOnly) lock = acquireLock(options.home, plan.playbook.lock, { playbook: plan.playbook.name, runId });
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
    title: pickText(plan.playbook.title, 'en') ?? plan.playbook.name,
    file: options.source?.file ?? '',
    ...(options.source?.fileSha256 ? { fileSha256: options.source.fileSha256 } : {}),
    lock: plan.playbook.lock,
    params: Object.fromEntries(Object.entries(options.source?.params ?? {}).filter(([name]) => !plan.params.some((p) => p.name === name && p.secret))),
    secretParams: plan.params.filter((p) => p.secret).map((p) => p.name),
    sandbox: plan.sandbox,
    user: currentUser(),
    host: hostname(),
    pid: process.pid,
    startedAt: new Date(started).toISOString(),
    cwd: options.cwd ?? process.cwd(),
    status: 'running',
    ...(options.resume ? { resumedFrom: options.resume.fromRun } : {}),
    ...(checkOnly ? { mode: 'check' } : {}),
  };
  let journal: Journal | undefined;
  try {
    journal = Journal.create(options.home, runId, redactor.redactDeep({ ...plan, params: plan.params.map((p) => (p.secret ? { ...p, value: MASK } : p)) }), meta);
    if (journal.failure) {
      // Nothing has run yet: a clean error, not a run to look after.
      throw new UserError(journal.failure.message, { hint: 'choose a writable runbook home with --home or RUNBOOK_HOME', cause: journal.failure });
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
    });

    const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
    const ctx: Ctx = { state, services: undefined as unknown as StepServices, onInterrupt: plan.playbook.onInterrupt, nestedRollbackFailed: [] };
    ctx.services = createServices(ctx, plan, options, reporters);

    let concluded: { status: RunStatus; exitCode: number; reason?: string };
    let failedStep: string | undefined;
    let wouldRun: string[] | undefined;
    if (checkOnly) {
      const check = await runCheckOnly(state, root);
      wouldRun = check.wouldRun;
      concluded = check.ok
        ? { status: 'ok', exitCode: ExitCode.ok }
        : state.interrupts.interrupted
          ? { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: check.reason }
          : { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: check.reason };
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

/** A pending question is answered "no" when the run is interrupted (Ctrl-C at the prompt). */
function untilInterrupted(answer: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function createServices(ctx: Ctx, plan: CompiledPlan, options: RunOptions, reporters: Reporter[]): StepServices {
  const { state } = ctx;
  const asker = options.interactive ? reporters.find((r) => typeof r.confirm === 'function') : undefined;
  return {
    gate: async (action, actx, stepId = '') => {
      const message = pickText(action.message, options.lang ?? 'en') ?? '';
      const typeWord = action.typeWord ? actx.render(action.typeWord) : undefined;
      state.emitter.emit({ type: 'confirm.requested', id: stepId, message, ...(typeWord !== undefined ? { typeWord } : {}) });
      const answer = await answerGate(
        { stepId, message, ...(typeWord !== undefined ? { typeWord } : {}), risk: plan.playbook.risk },
        { yes: options.yes === true, ...(asker?.confirm ? { ask: (request) => untilInterrupted(asker.confirm!(request), state.interrupts.graceful.signal) } : {}) },
      );
      state.emitter.emit({ type: 'confirm.answered', id: stepId, accepted: answer.accepted, by: answer.by });
      return answer;
    },
    runNested: async (action: Extract<PlanAction, { kind: 'playbook' }>, _actx, parentId = 'include'): Promise<ActionResult & { frame?: Frame; gate?: GateAnswer }> => {
      const frame: Frame = { plan: action.plan, prefix: `${parentId}.`, parent: parentId, outputs: {}, completed: [] };
      const outcome = await runSequence(ctx, frame, false);
      if (outcome.rollbackFailed.length > 0) ctx.nestedRollbackFailed.push(...outcome.rollbackFailed);
      if (outcome.status === 'ok' && outcome.finallyFailed.length === 0) return { ok: true, exitCode: 0, frame };
      const reason = outcome.reason ?? (outcome.finallyFailed.length ? `finally failed: ${outcome.finallyFailed.join(', ')}` : 'failed');
      if (outcome.status === 'gate_stopped') return { ok: false, reason, gate: { accepted: false, by: 'user' } satisfies GateAnswer };
      return { ok: false, exitCode: 1, reason: `${action.path}: ${reason}`, interrupted: outcome.status === 'interrupted' };
    },
  };
}
