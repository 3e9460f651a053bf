// runPlan: runs a compiled plan — lock, preconditions, steps, postconditions, rollback, finally — and
// journals and reports every event. It never prints and never exits: the CLI turns the result into an exit code.
import { randomBytes } from 'node:crypto';
import { collectSecrets } from '../compile.js';
import { ExitCode } from '../errors.js';
import type { Reporter, RunStatus } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { paramText } from '../plan.js';
import { runCheckOnly } from './check.js';
import { runHooks, type HooksRun } from './hooks.js';
import { prepareBecome } from './become.js';
import { Emitter } from './emitter.js';
import { openJournal, startMeta, type Journal, type RunMeta } from './journal.js';
import { sandboxHome } from './home.js';
import { acquireLock, type HeldLock } from './lock.js';
import { conclude, countSteps } from './outcome.js';
import { MASK, Redactor } from './redact-stream.js';
import { runRollbackOnly } from './rollback-resume.js';
import { runIncluded, runSequence, type SequenceContext } from './sequence.js';
import { createServices } from './services.js';
import { Interrupts } from './signals.js';
import { StepThrough } from './step-through.js';
import { RunState, type Frame } from './state.js';
import { openTargets } from './targets.js';
import type { RunOptions, RunResult } from './types.js';
import { engineText } from '../../i18n/engine.js';

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

/** How the run ended, and what `--check` found. */
interface Ending {
  status: RunStatus;
  exitCode: number;
  reason?: string;
  failedStep?: string;
  wouldRun?: string[];
  unknown?: string[];
  hooks?: HooksRun;
}

export async function runPlan(plan: CompiledPlan, options: RunOptions): Promise<RunResult> {
  const runId = options.runId ?? newRunId();
  const started = Date.now();
  const redactor = new Redactor([...collectSecrets(plan), ...(options.secrets ?? [])]);
  const reporters = reportersOf(options.reporter);
  const emitter = new Emitter(runId, reporters, redactor);
  const t = engineText(options.lang ?? 'en');
  // A sandbox run keeps its lock and journal apart: it never holds (or waits for) the real lock.
  const home = plan.sandbox ? sandboxHome(options.home) : options.home;
  // Lock first: a second run fails at once, before it writes anything.
  let lock: HeldLock | undefined;
  try {
    if (options.lock !== false && !options.checkOnly) lock = acquireLock(home, plan.playbook.lock, { playbook: plan.playbook.name, runId, ...(plan.sandbox ? { sandbox: true } : {}) }, t, options.env);
  } catch (error) {
    await closeReporters(reporters);
    throw error;
  }
  // Then the targets: every host connected and locked (a host locked by another run fails the run here, naming the holder).
  let targets: Awaited<ReturnType<typeof openTargets>>;
  try {
    targets = await openTargets(plan, options, runId);
  } catch (error) {
    lock?.release();
    await closeReporters(reporters);
    throw error;
  }
  const interrupts = new Interrupts(options.interrupts, (signal, forced) => emitter.emit({ type: 'interrupt.received', signal, action: forced ? 'force' : plan.playbook.onInterrupt }));
  const onAbort = () => interrupts.receive('SIGTERM');
  options.signal?.addEventListener('abort', onAbort);
  let journal: Journal | undefined;
  try {
    const meta = startMeta(plan, options, { runId, started, redactor });
    journal = openJournal(home, meta, plan, { redactor, t, ...(options.journalSync ? { sync: options.journalSync } : {}) });
    emitter.journal = journal;
    const state = new RunState(runId, options, emitter, journal, redactor, interrupts);
    state.targets = targets;
    state.about = { id: runId, playbook: plan.playbook.name, journal: journal.dir, operator: meta.user ?? '', host: meta.host ?? '', started };
    emitStarted(state, plan);
    const ending = await runPhases(state, plan, reporters);
    return finishRun(state, meta, ending, started);
  } finally {
    journal?.close();
    interrupts.dispose();
    options.signal?.removeEventListener('abort', onAbort);
    await targets?.close();
    lock?.release();
    await closeReporters(reporters);
  }
}

function emitStarted(state: RunState, plan: CompiledPlan): void {
  const { options } = state;
  state.emitter.emit({
    type: 'run.started',
    playbook: { name: plan.playbook.name, title: plan.playbook.title, risk: plan.playbook.risk, file: plan.playbook.file },
    params: plan.params.map((p) => ({ name: p.name, value: p.secret ? MASK : p.value === undefined ? '' : paramText(p.value), secret: p.secret })),
    sandbox: plan.sandbox,
    journalDir: state.journal.dir,
    totalSteps: plan.steps.length,
    ...(options.resume ? { resumedFrom: options.resume.fromRun } : {}),
    ...(options.rollbackOnly ? { resumedFrom: options.rollbackOnly.fromRun } : {}),
  });
}

/** `--check`, `resume --rollback`, or the playbook: preconditions, steps, postconditions, rollback, finally. */
async function runPhases(state: RunState, plan: CompiledPlan, reporters: readonly Reporter[]): Promise<Ending> {
  const root: Frame = { plan, prefix: '', outputs: {}, completed: [] };
  const { options } = state;
  // Who commands run as is settled before the first one runs (as a failed precondition: exit 3).
  const refused = prepareBecome(state, plan);
  if (refused) return { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: refused };
  if (options.checkOnly) {
    const check = await runCheckOnly(state, root);
    const { wouldRun, unknown } = check;
    if (check.ok) return { status: 'ok', exitCode: ExitCode.ok, wouldRun, unknown };
    if (state.interrupts.interrupted) return { status: 'interrupted', exitCode: state.interrupts.signal === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted, reason: check.reason, wouldRun, unknown };
    return { status: 'precondition_failed', exitCode: ExitCode.preconditionFailed, reason: check.reason, wouldRun, unknown };
  }
  if (options.rollbackOnly) return conclude(await runRollbackOnly(state, root, options.rollbackOnly), state);
  const ctx: SequenceContext = {
    state,
    onInterrupt: plan.playbook.onInterrupt,
    nestedRollbackFailed: [],
    ...(options.stepThrough ? { stepThrough: new StepThrough(state, reporters) } : {}),
    services: createServices(state, plan, reporters, (frame) => runIncluded(ctx, frame)),
  };
  const outcome = await runSequence(ctx, root, true);
  outcome.rollbackFailed.unshift(...ctx.nestedRollbackFailed);
  const ending: Ending = { ...conclude(outcome, state), ...(outcome.failedStep ? { failedStep: outcome.failedStep } : {}) };
  const hooks = await runHooks(state, root, ending, ctx.services);
  return hooks ? { ...ending, hooks } : ending;
}

/** `run.finished`, meta.json's final word, and the result the CLI turns into an exit code. */
function finishRun(state: RunState, meta: RunMeta, ending: Ending, started: number): RunResult {
  const { emitter, journal, redactor } = state;
  const steps = [...state.results.values()];
  const hooksFailed = ending.hooks?.failed.length ? { hook: ending.hooks.hook, hooksFailed: ending.hooks.failed } : {};
  const reason = ending.reason ? redactor.redact(ending.reason) : undefined;
  emitter.emit({
    type: 'run.finished',
    status: ending.status,
    exitCode: ending.exitCode,
    durationMs: Date.now() - started,
    // The hooks' steps are told apart (hooksFailed): they are not the run's steps.
    counts: countSteps(steps.filter((s) => s.phase !== 'hooks')),
    journalDir: journal.dir,
    ...(ending.failedStep ? { failedStep: ending.failedStep } : {}),
    ...(reason ? { reason } : {}),
    ...(state.unrolled.length > 0 ? { unrolled: state.unrolled } : {}),
    ...(meta.sandbox ? { sandbox: true } : {}),
    ...hooksFailed,
  });
  journal.writeMeta({ ...meta, status: ending.status, exitCode: ending.exitCode, finishedAt: new Date().toISOString() });
  return {
    runId: meta.runId,
    status: ending.status,
    exitCode: ending.exitCode,
    journalDir: journal.dir,
    steps,
    ...(ending.failedStep ? { failedStep: ending.failedStep } : {}),
    ...(reason ? { reason } : {}),
    ...(ending.wouldRun ? { wouldRun: ending.wouldRun } : {}),
    ...(state.unrolled.length > 0 ? { unrolled: redactor.redactDeep(state.unrolled) } : {}),
    ...(ending.unknown ? { unknown: ending.unknown } : {}),
    ...(ending.hooks ? { hook: ending.hooks.hook } : {}),
    ...(ending.hooks?.failed.length ? { hooksFailed: ending.hooks.failed } : {}),
  };
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
