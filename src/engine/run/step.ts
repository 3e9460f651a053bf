// One step: `when` guard → `check` probe → action with timeout, retries and backoff → `verify` probe.
import type { StepOutputs } from '../compile.js';
import type { PlanStep, Rendered } from '../plan.js';
import { isTruthy } from '../template.js';
import { runAction, stepKind, type ActionResult, type StepServices } from '../../steps/index.js';
import { holdForTemplates } from './kept-outputs.js';
import { retryEvent, runAttempts, withLastLine, type AttemptResult } from './attempts.js';
import type { CapturedOutput } from './output.js';
import { runProbe } from './probes.js';
import { stepName, type Frame, type RunState } from './state.js';

export type { StepPhase } from '../events.js';
import type { StepPhase } from '../events.js';

export interface StepOutcome {
  status: 'ok' | 'failed' | 'skipped' | 'already_done';
  reason?: string;
  /** A confirmation gate was declined or could not be asked: the run stops safely. */
  gateStopped?: boolean;
  interrupted?: boolean;
  /** Failed, but `continue_on_error` let the run go on. */
  continued?: boolean;
  /** For `playbook` steps that completed: the included run (for rollback). */
  nested?: Frame;
  /** Nothing more may start (the journal cannot be written): the step's action never began. */
  notStarted?: boolean;
}

/** How a step shows in `step.started`, in its kind's words: the rendered command of run steps, the request of http ones. */
export function describeAction(state: RunState, frame: Frame, step: PlanStep): string | undefined {
  const render = (template: Rendered) => {
    try {
      return state.render(frame, template);
    } catch {
      return template.text;
    }
  };
  return stepKind(step.action).started(step.action, render, state.options.lang ?? 'en');
}

/**
 * Where JSON.parse gave up — a position only: V8's own message quotes a slice of the input, and the
 * redactor masks only whole secrets, so a printed secret's first characters would reach the journal.
 */
function jsonErrorAt(state: RunState, error: unknown, input: string): string {
  const message = error instanceof Error ? error.message : '';
  const at = /position (\d+)/.exec(message);
  if (at) return state.t('step.jsonAt', { n: Number(at[1]) + 1 });
  if (/end of JSON input/i.test(message)) return state.t('step.jsonEnds', { n: input.length });
  return state.t('step.jsonInvalid', { n: input.length });
}

/** Strips the trailing newlines of an output value, as shell command substitution does. */
const chomp = (text: string): string => text.replace(/(\r?\n)+$/, '');

function toOutputs(out: CapturedOutput, result: ActionResult, json: unknown): StepOutputs {
  const outputs: StepOutputs = { stdout: chomp(out.stdout), stderr: chomp(out.stderr), exit_code: result.exitCode ?? (result.ok ? 0 : 1) };
  if (json !== undefined) outputs.json = json;
  return outputs;
}

/** Where a step stands in the run: its full id, phase, place in the list, and the frame it belongs to. */
interface StepRun {
  state: RunState;
  frame: Frame;
  step: PlanStep;
  id: string;
  phase: StepPhase;
  parent?: string;
  started: number;
}

export async function runStep(state: RunState, frame: Frame, step: PlanStep, phase: StepPhase, index: number, total: number, services: StepServices): Promise<StepOutcome> {
  const run: StepRun = { state, frame, step, id: frame.prefix + step.id, phase, ...(frame.parent ? { parent: frame.parent } : {}), started: Date.now() };
  const guarded = await guard(run);
  if (guarded) return guarded;
  const halted = state.halted;
  if (halted) return { status: 'failed', reason: halted, notStarted: true };
  const command = describeAction(state, frame, step);
  state.emitter.emit({
    type: 'step.started',
    phase,
    id: run.id,
    name: stepName(step, state.options.lang ?? 'en'),
    index,
    total,
    kind: step.action.kind,
    ...(command !== undefined ? { command } : {}),
    ...(run.parent ? { parent: run.parent } : {}),
  });
  const { result, attempts, outputs, nested } = await act(run, services);
  const done = { ...run, attempts, result };
  if (result.gate && !result.ok) return finish(state, { ...done, gateStopped: true });
  if (!result.ok) {
    // A failure the run goes on after: later steps may read its exit code and output.
    if (step.continueOnError && outputs && !result.interrupted) holdForTemplates(frame, step, outputs);
    return finish(state, done);
  }
  if (outputs) holdForTemplates(frame, step, outputs);
  const unverified = await verify(run, result);
  if (unverified) return finish(state, { ...done, result: unverified });
  const kept = outputs ? keepOutputs(state, run.id, outputs) : undefined;
  return { ...finish(state, { ...done, ...(kept ? { outputs: kept } : {}) }), nested };
}

/** `when` false, or the `check` probe passes: the step is skipped (an outcome); otherwise undefined. */
async function guard(run: StepRun): Promise<StepOutcome | undefined> {
  const { state, frame, step, id, phase } = run;
  const skip = (status: 'skipped' | 'already_done', reason: string): StepOutcome => {
    state.emitter.emit({ type: 'step.skipped', phase, id, status, reason, ...(run.parent ? { parent: run.parent } : {}) });
    state.record({ id, phase, status, attempts: 0, durationMs: Date.now() - run.started });
    return { status, reason };
  };
  if (step.when) {
    let value: string;
    try {
      value = state.render(frame, step.when);
    } catch (error) {
      return finish(state, { ...run, attempts: 0, result: { ok: false, reason: `when: ${(error as Error).message}` } });
    }
    if (!isTruthy(value)) return skip('skipped', state.t('step.whenFalse', { value: JSON.stringify(value.trim()) }));
  }
  if (step.check) {
    const check = await runProbe(state, frame, step.check, { logName: `${id}.check`, layers: [step.env], cwd: step.cwd, graceful: phase === 'steps' });
    if (check.ok) return skip('already_done', state.t('step.checkPassed'));
    if (check.interrupted) return { status: 'failed', interrupted: true, reason: state.t('run.interrupted') };
  }
  return undefined;
}

/** The step's action with its retries; its outputs (for later templates) and, for an include, the included run. */
async function act(run: StepRun, services: StepServices): Promise<{ result: AttemptResult; attempts: number; outputs?: StepOutputs; nested?: Frame }> {
  const { state, step, id } = run;
  const capture = state.capture(id, id);
  let nested: Frame | undefined;
  let outputs: StepOutputs | undefined;
  const stepServices: StepServices = {
    gate: (action, ctx) => services.gate(action, ctx, id),
    runNested: async (action, ctx) => {
      const result = await services.runNested(action, ctx, id);
      nested = (result as ActionResult & { frame?: Frame }).frame;
      return result;
    },
  };
  try {
    const { result, attempts } = await runAttempts(state, {
      frame: run.frame,
      capture,
      policy: { retries: step.retries, delayMs: step.delayMs, backoff: step.backoff },
      action: { layers: [step.env], cwd: step.cwd, timeoutMs: step.timeoutMs, graceful: run.phase === 'steps', become: step.become },
      run: (ctx) => {
        // A wait step's polls, for the live view (the emitter masks secrets in every event).
        ctx.progress = (p) => state.emitter.emit({ type: 'step.polled', id, ...p });
        return runAction(step.action, ctx, stepServices);
      },
      note: (n) => (step.retries > 0 ? `[runbook: attempt ${n} of ${step.retries + 1}]\n` : undefined),
      settle: (result, out) => {
        if (!result.ok || step.parse !== 'json') {
          outputs = toOutputs(out, result, undefined);
          return withLastLine(state, result, out);
        }
        try {
          outputs = toOutputs(out, result, JSON.parse(out.stdout));
          return result;
        } catch (error) {
          const why = out.stdoutTruncated ? state.t('step.tooBig', { bytes: state.limits.valueCapBytes }) : jsonErrorAt(state, error, out.stdout);
          return { ok: false, exitCode: result.exitCode, reason: state.t('step.notJson', { why }) };
        }
      },
      onRetry: retryEvent(state, id),
    });
    return { result, attempts, ...(outputs ? { outputs } : {}), ...(nested ? { nested } : {}) };
  } finally {
    capture.close();
  }
}

/** The `verify` probe, which sees the action's outputs: the failed result when it does not pass, else undefined. */
async function verify(run: StepRun, result: ActionResult): Promise<ActionResult | undefined> {
  const { state, step, id } = run;
  if (!step.verify) return undefined;
  const verified = await runProbe(state, run.frame, step.verify, {
    logName: `${id}.verify`,
    layers: [step.env],
    cwd: step.cwd,
    graceful: run.phase === 'steps',
    onAttempt: (attempt, of) => state.emitter.emit({ type: 'step.verifying', id, attempt, of }),
  });
  if (verified.ok) return undefined;
  return { ok: false, interrupted: verified.interrupted, exitCode: result.exitCode, reason: state.t('step.verifyFailed', { reason: verified.reason ?? '' }).trim() };
}

/**
 * Journals a completed step's outputs for `resume` (only outputs with content: no mark means empty).
 * Outputs that held a secret are stored masked and marked so: resume never uses a masked value as data.
 */
function keepOutputs(state: RunState, id: string, outputs: StepOutputs): 'kept' | 'masked' | undefined {
  if (!outputs.stdout && !outputs.stderr && outputs.json === undefined) return undefined;
  const redacted = state.redactor.redactDeep(outputs);
  if (!state.journal.writeOutputs(state.logName(id), redacted)) return undefined;
  return JSON.stringify(redacted) === JSON.stringify(outputs) ? 'kept' : 'masked';
}

function finish(state: RunState, r: StepRun & { attempts: number; result: ActionResult; gateStopped?: boolean; outputs?: 'kept' | 'masked' }): StepOutcome {
  const durationMs = Date.now() - r.started;
  const ok = r.result.ok;
  const reason = r.result.reason ? state.redactor.redact(r.result.reason) : undefined;
  const continued = !ok && r.step.continueOnError && !r.gateStopped && !r.result.interrupted;
  if (r.gateStopped) {
    // A gate not passed is never "done": it finishes `failed`, so `resume` starts at the gate and asks again.
    const why = reason ?? state.t('gate.notPassed');
    state.emitter.emit({ type: 'step.finished', phase: r.phase, id: r.id, status: 'failed', durationMs, attempts: r.attempts, reason: why, gateStopped: true, ...(r.parent ? { parent: r.parent } : {}) });
    state.record({ id: r.id, phase: r.phase, status: 'failed', attempts: r.attempts, durationMs, reason: why });
    return { status: 'failed', reason: why, gateStopped: true };
  }
  state.emitter.emit({
    type: 'step.finished',
    phase: r.phase,
    id: r.id,
    status: ok ? 'ok' : 'failed',
    durationMs,
    attempts: r.attempts,
    ...(r.result.exitCode !== undefined ? { exitCode: r.result.exitCode } : {}),
    ...(reason ? { reason } : {}),
    ...(continued ? { continued: true } : {}),
    ...(r.parent ? { parent: r.parent } : {}),
    ...(r.outputs ? { outputs: r.outputs } : {}),
  });
  state.record({ id: r.id, phase: r.phase, status: ok ? 'ok' : 'failed', attempts: r.attempts, durationMs, exitCode: r.result.exitCode, reason });
  return { status: ok ? 'ok' : 'failed', reason, gateStopped: r.gateStopped, interrupted: r.result.interrupted, continued };
}
