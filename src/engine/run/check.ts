// `--check`: runs the preconditions and each step's `check` probe, and reports what a real run would change.
import { skipDeselected } from './deselected.js';
import type { PlanEnv, PlanProbe, PlanStep, Rendered } from '../plan.js';
import { isTruthy } from '../template.js';
import { stepKind } from '../../steps/index.js';
import { probeKind } from '../../steps/probe.js';
import { runConditions } from './preconditions.js';
import { runProbe } from './probes.js';
import { stepName, type Frame, type RunState } from './state.js';
import { announceHosts, tellIfLost } from './check-hosts.js';
import { HostRunState } from './host-state.js';

export interface CheckOutcome {
  ok: boolean;
  reason?: string;
  /** Steps a real run would run. */
  wouldRun: string[];
  /** Steps that may or may not run: what decides it reads outputs of steps --check does not run. */
  unknown: string[];
}

export async function runCheckOnly(state: RunState, frame: Frame): Promise<CheckOutcome> {
  const pre = await runConditions(state, frame, 'preconditions', { events: true });
  const found: Found = { wouldRun: [], unknown: [] };
  if (!pre.ok) return { ok: false, reason: pre.reason, ...found };
  state.emitter.emit({ type: 'phase.started', phase: 'steps' });
  const hosts = announceHosts(state, frame);
  const interrupted = await checkSteps(state, frame, found, hosts);
  if (interrupted) return { ok: false, reason: state.t('check.interrupted', { signal: state.interrupts.signal ?? 'SIGINT' }), ...found };
  state.emitter.emit({ type: 'phase.finished', phase: 'steps', ok: true });
  return { ok: true, ...found };
}

interface Found {
  wouldRun: string[];
  unknown: string[];
}

/**
 * Whether any of the templates reads step outputs (is rendered only during the run), and which steps it names
 * (`{{steps.build.stdout}}` → `build`), for the message.
 */
function outputsReadBy(templates: readonly (Rendered | undefined)[], onHost: boolean): { deferred: boolean; steps: string } {
  const ids = new Set<string>();
  let deferred = false;
  for (const template of templates) {
    if (!template || !readsOutputs(template, onHost)) continue;
    deferred = true;
    for (const m of template.source.matchAll(/\bsteps\.([A-Za-z0-9_-]+)/g)) ids.add(m[1]!);
  }
  return { deferred, steps: [...ids].join(', ') || '…' };
}

/** Whether a template is known only during the run; on a target host `host.*` is known, only step outputs are not. */
function readsOutputs(template: Rendered, onHost: boolean): boolean {
  return template.deferred && (!onHost || /\b(steps|run)\./.test(template.source));
}

/** Every template the check probe of a step needs: its command or request, and the env and cwd it runs with. */
function checkTemplates(frame: Frame, step: PlanStep, check: PlanProbe): (Rendered | undefined)[] {
  const values = (env: readonly PlanEnv[]) => env.map((e) => e.value);
  return [...probeKind(check.action).templates(check.action), check.cwd ?? step.cwd, ...values(frame.plan.env), ...values(step.env), ...values(check.env)];
}

/** Checks each step of a frame; an included playbook without a check of its own is checked step by step. */
async function checkSteps(state: RunState, frame: Frame, found: Found, hosts: readonly HostRunState[]): Promise<boolean> {
  for (const step of frame.plan.steps) {
    if (state.interrupts.interrupted) return true;
    if (skipDeselected(state, frame, step, 'steps')) continue;
    // A step on the target hosts is checked on each of them, in parallel, over its connection.
    const interrupted =
      step.on === 'targets' && hosts.length > 0
        ? (await Promise.all(hosts.map((host) => checkStep(host, frame, step, found, hosts)))).some(Boolean)
        : await checkStep(state, frame, step, found, hosts);
    if (interrupted) return true;
  }
  return false;
}

/** Checks one step (here, or on the host `state` is of); true when interrupted. */
async function checkStep(state: RunState, frame: Frame, step: PlanStep, found: Found, hosts: readonly HostRunState[]): Promise<boolean> {
  const onHost = state instanceof HostRunState;
  const id = frame.prefix + step.id;
  // The lists name a host's step `<id>@<host>`, as its journal and plain lines do.
  const listed = onHost ? `${id}@${state.name}` : id;
  const parent = frame.parent !== undefined ? { parent: frame.parent } : {};
  const name = stepName(step, state.options.lang ?? 'en');
  const would = (reason: string) => {
    found.wouldRun.push(listed);
    state.emitter.emit({ type: 'step.would_run', id, name, reason, ...parent });
  };
  const unknown = (reason: string) => {
    found.unknown.push(listed);
    state.emitter.emit({ type: 'step.would_run', id, name, reason, unknown: true, ...parent });
  };
  // A host that could not be reached (or was lost): what would run there is unknown.
  if (onHost && state.lost !== undefined) {
    tellIfLost(state);
    unknown(state.t('check.hostUnreachable', { reason: state.lost }));
    return false;
  }
  // A loop over a step output: its items are known only when that step runs.
  if (step.forEach?.over !== undefined) {
    unknown(state.t('check.deferredLoop', { over: step.forEach.over }));
    return false;
  }
  if (step.when) {
    if (readsOutputs(step.when, onHost)) {
      unknown(state.t('check.deferredWhen', { steps: outputsReadBy([step.when], onHost).steps }));
      return false;
    }
    const value = onHost ? state.render(frame, step.when) : step.when.text;
    if (!isTruthy(value)) {
      state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: state.t('step.whenFalse', { value: JSON.stringify(value.trim()) }), ...parent });
      return false;
    }
  }
  const kind = stepKind(step.action);
  const included = kind.included?.(step.action);
  if (!step.check && included) {
    // The include's own steps say what would change; its preconditions may depend on earlier steps, so they wait for the run.
    const child: Frame = { plan: included.plan, prefix: `${id}.`, parent: id, outputs: {}, completed: [] };
    const before = found.wouldRun.length + found.unknown.length;
    if (await checkSteps(state, child, found, onHost ? [] : hosts)) return true;
    // When some of its steps would (or may) run, their own lines (`<include>.<step>`) say so.
    if (found.wouldRun.length + found.unknown.length === before) {
      state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'already_done', reason: state.t('check.includeDone'), ...parent });
    }
    return false;
  }
  if (!step.check) {
    would(kind.gate ? state.t('check.gate') : state.t('check.noProbe'));
    return false;
  }
  // The probe (or the env and cwd it runs with) reads outputs of steps that a check run does not run.
  const reads = outputsReadBy(checkTemplates(frame, step, step.check), onHost);
  if (reads.deferred) {
    unknown(state.t('check.deferredProbe', { steps: reads.steps }));
    return false;
  }
  let result;
  try {
    result = await runProbe(state, frame, step.check, { logName: `${id}.check`, layers: [step.env], cwd: step.cwd });
  } catch (error) {
    would(state.t('check.probeError', { reason: (error as Error).message }));
    return false;
  }
  if (onHost && state.lost !== undefined) {
    // Lost during the probe: the host ends unreachable, as in a run; this step and the ones left there are unknown.
    tellIfLost(state);
    unknown(state.t('check.hostUnreachable', { reason: state.lost }));
  } else if (result.ok) state.emitter.emit({ type: 'step.skipped', phase: 'steps', id, status: 'already_done', reason: state.t('step.checkPassed'), ...parent });
  else would(state.t('check.notPassed', { reason: result.reason ?? state.t('step.failed') }));
  return false;
}
