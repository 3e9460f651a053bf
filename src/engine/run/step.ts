// One step: `when` guard → `check` probe → action with timeout, retries and backoff → `verify` probe.
import type { StepOutputs } from '../compile.js';
import type { PlanStep } from '../plan.js';
import { isTruthy } from '../template.js';
import { runAction, type ActionResult, type StepServices } from '../../steps/index.js';
import type { GateResult } from '../../steps/confirm.js';
import { describeProbeAction } from '../../steps/probe.js';
import { lastLine, type CapturedOutput } from './output.js';
import { runProbe } from './probes.js';
import { withRetries } from './retry.js';
import { stepName, type Frame, type RunState } from './state.js';

export type StepPhase = 'steps' | 'finally';

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

/** How a step shows in `step.started`: the rendered command of run steps, the request of http ones. */
function describeAction(state: RunState, frame: Frame, step: PlanStep): string | undefined {
  const a = step.action;
  const render = (r: Parameters<RunState['render']>[1]) => {
    try {
      return state.render(frame, r);
    } catch {
      return r.text;
    }
  };
  switch (a.kind) {
    case 'run':
      return render(a.command);
    case 'http':
      return `${a.request.method} ${render(a.request.url)}`;
    case 'wait':
      return state.t('show.wait', { probe: describeProbeAction(a.probe) });
    case 'playbook':
      return state.t('show.playbook', { path: a.path });
    case 'notify':
      return state.t('show.notify', { via: a.via });
    case 'confirm':
      return undefined;
  }
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

export async function runStep(state: RunState, frame: Frame, step: PlanStep, phase: StepPhase, index: number, total: number, services: StepServices): Promise<StepOutcome> {
  const id = frame.prefix + step.id;
  const parent = frame.parent;
  const started = Date.now();
  const skip = (status: 'skipped' | 'already_done', reason: string): StepOutcome => {
    state.emitter.emit({ type: 'step.skipped', phase, id, status, reason, ...(parent ? { parent } : {}) });
    state.record({ id, phase, status, attempts: 0, durationMs: Date.now() - started });
    return { status, reason };
  };

  // when
  if (step.when) {
    let value: string;
    try {
      value = state.render(frame, step.when);
    } catch (error) {
      return finish(state, { id, phase, parent, started, attempts: 0, result: { ok: false, reason: `when: ${(error as Error).message}` }, step });
    }
    if (!isTruthy(value)) return skip('skipped', state.t('step.whenFalse', { value: JSON.stringify(value.trim()) }));
  }

  // check
  if (step.check) {
    const check = await runProbe(state, frame, step.check, { logName: `${id}.check`, layers: [step.env], cwd: step.cwd, graceful: phase === 'steps' });
    if (check.ok) return skip('already_done', state.t('step.checkPassed'));
    if (check.interrupted) return { status: 'failed', interrupted: true, reason: state.t('run.interrupted') };
  }

  const halted = state.halted;
  if (halted) return { status: 'failed', reason: halted, notStarted: true };

  const command = describeAction(state, frame, step);
  state.emitter.emit({
    type: 'step.started',
    phase,
    id,
    name: stepName(step, state.options.lang ?? 'en'),
    index,
    total,
    kind: step.action.kind,
    ...(command !== undefined ? { command } : {}),
    ...(parent ? { parent } : {}),
  });

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
    const { result, attempts } = await withRetries<GateResult & { final?: boolean }>(
      { retries: step.retries, delayMs: step.delayMs, backoff: step.backoff },
      phase === 'steps' ? state.interrupts.graceful.signal : state.interrupts.force.signal,
      async (n) => {
        capture.beginAttempt();
        if (step.retries > 0) capture.note(`[runbook: attempt ${n} of ${step.retries + 1}]\n`);
        let result: GateResult & { final?: boolean };
        try {
          const ctx = state.actionContext(frame, { layers: [step.env], cwd: step.cwd, timeoutMs: step.timeoutMs, graceful: phase === 'steps' }, capture);
          // A wait step's polls, for the live view (the emitter masks secrets in every event).
          ctx.progress = (p) => state.emitter.emit({ type: 'step.polled', id, ...p });
          result = await runAction(step.action, ctx, stepServices);
        } catch (error) {
          result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
        }
        if (result.gate) result.final = true;
        const out = capture.endAttempt();
        if (result.ok && step.parse === 'json') {
          try {
            outputs = toOutputs(out, result, JSON.parse(out.stdout));
          } catch (error) {
            const why = out.stdoutTruncated ? state.t('step.tooBig', { bytes: state.limits.valueCapBytes }) : jsonErrorAt(state, error, out.stdout);
            return { ok: false, exitCode: result.exitCode, reason: state.t('step.notJson', { why }) };
          }
        } else {
          outputs = toOutputs(out, result, undefined);
          if (!result.ok && !result.interrupted && !result.timedOut && !result.gate) {
            const line = lastLine(out.tail);
            if (line) result = { ...result, reason: `${result.reason ?? state.t('step.failed')}: ${line}` };
          }
        }
        return result;
      },
      (retry) => state.emitter.emit({ type: 'step.retrying', id, ...retry, reason: state.redactor.redact(retry.reason ?? state.t('step.failed')) }),
    );

    if (result.gate && !result.ok) {
      return finish(state, { id, phase, parent, started, attempts, result, step, gateStopped: true });
    }
    if (!result.ok) {
      // A failure the run goes on after: later steps may read its exit code and output.
      if (step.continueOnError && outputs && !result.interrupted) frame.outputs[step.id] = outputs;
      return finish(state, { id, phase, parent, started, attempts, result, step });
    }

    if (outputs) frame.outputs[step.id] = outputs;

    // verify: the action's outputs are visible to it
    if (step.verify) {
      const verify = await runProbe(state, frame, step.verify, {
        logName: `${id}.verify`,
        layers: [step.env],
        cwd: step.cwd,
        graceful: phase === 'steps',
        onAttempt: (attempt, of) => state.emitter.emit({ type: 'step.verifying', id, attempt, of }),
      });
      if (!verify.ok) {
        return finish(state, { id, phase, parent, started, attempts, result: { ok: false, interrupted: verify.interrupted, exitCode: result.exitCode, reason: state.t('step.verifyFailed', { reason: verify.reason ?? '' }).trim() }, step });
      }
    }
    const kept = outputs ? keepOutputs(state, id, outputs) : undefined;
    const outcome = finish(state, { id, phase, parent, started, attempts, result, step, ...(kept ? { outputs: kept } : {}) });
    return { ...outcome, nested };
  } finally {
    capture.close();
  }
}

/**
 * Journals a completed step's outputs for `resume` (only outputs with content: no mark means empty).
 * Outputs that held a secret are stored masked and marked so: resume never uses a masked value as data.
 */
function keepOutputs(state: RunState, id: string, outputs: StepOutputs): 'kept' | 'masked' | undefined {
  if (!outputs.stdout && !outputs.stderr && outputs.json === undefined) return undefined;
  const redacted = state.redactor.redactDeep(outputs);
  if (!state.journal.writeOutputs(id, redacted)) return undefined;
  return JSON.stringify(redacted) === JSON.stringify(outputs) ? 'kept' : 'masked';
}

function finish(
  state: RunState,
  r: { id: string; phase: StepPhase; parent?: string; started: number; attempts: number; result: ActionResult; step: PlanStep; gateStopped?: boolean; outputs?: 'kept' | 'masked' },
): StepOutcome {
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
