// The rollout of a playbook with `targets` (docs/engine.md "Many hosts"): the ops host's steps before the first
// `on: targets` step once; then batch after batch, every host of a batch in parallel through the target steps (a
// local step between them runs once per batch, when the batch's hosts reached it); the steps after the last target
// step once at the end. A host that fails rolls back its own finished steps; past `max_fail` no new batch starts.
import type { HostStatus } from '../events.js';
import { failuresAllowed, planBatches } from './batches.js';
import { HostRunState } from './host-state.js';
import { rollbackCompleted } from './rollback.js';
import type { SequenceContext, SequenceOutcome, StepAt } from './sequence.js';
import type { Frame } from './state.js';
import { skipDeselected } from './deselected.js';
import { runStep } from './step.js';
import { expandAtRun, gatherIteration, reportLoopFailure } from './for-each.js';
import type { PlanStep } from '../plan.js';
import type { TargetHost } from './targets.js';

/** One host's run: its state (events tagged with it), its frame (its own step outputs and completed steps). */
interface HostRun {
  state: HostRunState;
  frame: Frame;
  batch: number;
  status?: HostStatus;
}

/** Runs of consecutive steps that run in the same place. */
function segments(list: readonly StepAt[]): { local: boolean; steps: StepAt[] }[] {
  const out: { local: boolean; steps: StepAt[] }[] = [];
  for (const at of list) {
    const local = at.step.on !== 'targets';
    const last = out[out.length - 1];
    if (last && last.local === local) last.steps.push(at);
    else out.push({ local, steps: [at] });
  }
  return out;
}

const onTargets = (s: StepAt) => s.step.on === 'targets';

export async function runRollout(ctx: SequenceContext, frame: Frame, outcome: SequenceOutcome, runLocal: (list: StepAt[]) => Promise<void>): Promise<void> {
  const { state } = ctx;
  const spec = frame.plan.targets!;
  const all = frame.plan.steps.map((step, index) => ({ step, index }));
  const first = all.findIndex(onTargets);
  const last = all.length - 1 - [...all].reverse().findIndex(onTargets);
  const hosts = state.targets!.hosts;
  const batches = planBatches(spec, hosts);
  const allowed = failuresAllowed(spec, hosts.length);
  const done = state.options.targets?.done;
  // `resume`: the hosts that finished in the run resumed are not touched; they are shown as finished there.
  for (const host of done?.hosts ?? []) state.emitter.emit({ type: 'host.finished', host, status: 'ok', batch: 0, reason: state.t('step.resumed', { run: done!.fromRun }) });
  state.emitter.emit({ type: 'hosts.planned', pattern: state.options.targets?.pattern ?? spec.pattern, hosts: hosts.map((h) => h.host.name), batches: batches.map((b) => b.map((h) => h.host.name)), maxFail: allowed });
  if (first === -1) return runLocal(all);
  await runLocal(all.slice(0, first));
  if (outcome.status !== 'ok') return;
  const rollout = new Rollout(ctx, frame, outcome, runLocal, allowed);
  await rollout.run(batches, segments(all.slice(first, last + 1)));
  if (outcome.status !== 'ok') return;
  await runLocal(all.slice(last + 1));
  const failed = rollout.runs.filter((r) => r.status !== 'ok');
  if (outcome.status === 'ok' && failed.length > 0) {
    const reason = state.t('hosts.someFailed', { failed: failed.length, total: hosts.length, hosts: failed.map((r) => r.state.name).join(', ') });
    Object.assign(outcome, { status: 'failed', reason, hostsFailed: true });
  }
}

class Rollout {
  readonly runs: HostRun[] = [];
  private failures = 0;

  constructor(
    private readonly ctx: SequenceContext,
    private readonly frame: Frame,
    private readonly outcome: SequenceOutcome,
    private readonly runLocal: (list: StepAt[]) => Promise<void>,
    private readonly allowed: number,
  ) {}

  private get state() {
    return this.ctx.state;
  }

  async run(batches: TargetHost[][], body: { local: boolean; steps: StepAt[] }[]): Promise<void> {
    const { state } = this;
    for (const [b, batch] of batches.entries()) {
      const runs = batch.map((target) => this.start(target, b + 1));
      if (this.failures > this.allowed || state.interrupts.interrupted || state.halted || this.outcome.status !== 'ok') {
        for (const r of runs) this.finish(r, 'not_started');
        continue;
      }
      state.emitter.emit({ type: 'batch.started', batch: b + 1, of: batches.length, hosts: batch.map((t) => t.host.name) });
      await this.runBatch(runs, body);
    }
    const passed = this.failures > this.allowed;
    if (state.interrupts.interrupted && this.outcome.status === 'ok') Object.assign(this.outcome, { status: 'interrupted', reason: state.t('run.interrupted') });
    else if (passed && this.outcome.status === 'ok') {
      const total = this.runs.length;
      Object.assign(this.outcome, { status: 'failed', reason: state.t('hosts.maxFail', { failed: this.failures, total, maxFail: this.allowed }) });
    }
    if (passed && this.frame.plan.targets!.onMaxFail === 'rollback') {
      // The finished hosts undo their steps too, the last batch first.
      const finished = this.runs.filter((r) => r.status === 'ok').reverse();
      await Promise.all(finished.map(async (r) => this.finish(r, (await this.rollBack(r)) ? 'rolled_back' : 'rollback_failed', true)));
    }
  }

  private start(target: TargetHost, batch: number): HostRun {
    const hostState = new HostRunState(this.state, target);
    // Each host sees the ops host's step outputs so far, and its own from then on.
    const run: HostRun = { state: hostState, frame: { ...this.frame, outputs: { ...this.frame.outputs }, completed: [] }, batch };
    this.runs.push(run);
    return run;
  }

  private async runBatch(runs: HostRun[], body: { local: boolean; steps: StepAt[] }[]): Promise<void> {
    for (const r of runs) if (r.state.lost !== undefined) this.finish(r, 'unreachable', false, r.state.lost);
    for (const segment of body) {
      const active = runs.filter((r) => r.status === undefined);
      if (active.length === 0) break;
      if (!segment.local) {
        await Promise.all(active.map((r) => this.runHostSteps(r, segment.steps)));
        continue;
      }
      await this.runLocal(segment.steps);
      if (this.outcome.status !== 'ok') {
        // The ops host's step of this batch failed: the batch's hosts undo what they did.
        await Promise.all(active.map(async (r) => this.finish(r, (await this.rollBack(r)) ? 'failed' : 'rollback_failed')));
        return;
      }
    }
    for (const r of runs) if (r.status === undefined) this.finish(r, 'ok');
  }

  /**
   * The host's steps of one segment, in order; the first failure ends the host (rolled back, or unreachable). A
   * `for_each` over a step output is expanded here, per host, over that host's own output (for-each.ts).
   */
  private async runHostSteps(r: HostRun, steps: StepAt[]): Promise<void> {
    const { state, frame } = r;
    for (const { step: listed, index } of steps) {
      if (state.interrupts.interrupted || state.halted) return this.stop(r, state.halted);
      if (skipDeselected(state, frame, listed, 'steps')) continue;
      const expanded = expandAtRun(state, frame, listed, 'steps');
      if ('reason' in expanded) {
        const id = reportLoopFailure(state, frame, listed, 'steps', expanded.reason);
        return this.finish(r, (await this.rollBack(r)) ? 'failed' : 'rollback_failed', false, `${id}: ${expanded.reason}`);
      }
      for (const step of expanded.steps) if (!(await this.runHostStep(r, step, index))) return;
    }
  }

  /** One step (or iteration) on the host; false when the host ended there (failed, lost, interrupted). */
  private async runHostStep(r: HostRun, step: PlanStep, index: number): Promise<boolean> {
    const { state, frame } = r;
    if (state.interrupts.interrupted || state.halted) return this.stop(r, state.halted).then(() => false);
    const result = await runStep(state, frame, step, 'steps', index + 1, this.frame.plan.steps.length, this.ctx.services);
    gatherIteration(frame, step);
    if (result.status === 'ok') {
      frame.completed.push({ frame, step, fullId: step.id });
      return true;
    }
    if (result.status !== 'failed' || result.continued) return true;
    if (state.lost !== undefined) this.finish(r, 'unreachable', false, state.lost);
    else if (result.interrupted || state.interrupts.interrupted) await this.stop(r);
    else {
      const reason = `${step.id}: ${result.reason ?? state.t('step.failed')}`;
      this.finish(r, (await this.rollBack(r)) ? 'failed' : 'rollback_failed', false, reason);
    }
    return false;
  }

  /** Interrupted (or halted) before or during a step: rolled back as the playbook's `on_interrupt` says. */
  private async stop(r: HostRun, reason?: string): Promise<void> {
    if (this.ctx.onInterrupt === 'rollback' && !r.state.interrupts.forced) await this.rollBack(r);
    this.finish(r, 'interrupted', false, reason);
  }

  /** Rolls back the host's finished steps (not on a host that was lost: nothing can reach it). True when all passed. */
  private async rollBack(r: HostRun): Promise<boolean> {
    if (r.state.lost !== undefined || !r.frame.completed.some((c) => c.step.rollback)) return true;
    const rolled = await rollbackCompleted(r.state, r.frame.completed);
    r.frame.completed = [];
    if (!rolled.ok) this.outcome.rollbackFailed.push(...rolled.failed.map((id) => `${id}@${r.state.name}`));
    this.state.unrolled.push(...r.state.unrolled.splice(0).map((u) => ({ ...u, id: `${u.id}@${r.state.name}` })));
    return rolled.ok;
  }

  private finish(r: HostRun, status: HostStatus, again = false, reason?: string): void {
    if (r.status !== undefined && !again) return;
    if (r.status === undefined && status !== 'ok' && status !== 'not_started') this.failures++;
    r.status = status;
    const redacted = reason ? this.state.redactor.redact(reason) : undefined;
    const reached = status !== 'unreachable' || r.state.target.master !== undefined;
    this.state.emitter.emit({ type: 'host.finished', host: r.state.name, status, batch: r.batch, ...(redacted ? { reason: redacted } : {}), ...(reached ? {} : { reached }) });
  }
}
