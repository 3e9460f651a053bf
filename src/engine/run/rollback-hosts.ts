// `resume --rollback` on target hosts: each host's rollbacks left, over its ssh master and under its lock, all hosts
// at once (as a batch's hosts roll back in a rollout); every event carries the host, each host ends with `host.finished`.
import type { HostStatus } from '../events.js';
import { expandIteration, iterationLabels, readJsonPath } from '../for-each-items.js';
import type { PlanStep } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { HostRunState } from './host-state.js';
import { planStepOf } from './resume-rollback-hosts.js';
import { describeRollback, rollbackInOrder } from './rollback.js';
import { stepName, type Completed, type Frame, type RunState } from './state.js';

/** What the runner is given for one host: the rollbacks left there, in order, and the host's step outputs. */
export interface HostRollbackState {
  host: string;
  steps: string[];
  outputs: Record<string, StepOutputs>;
}

/** How the hosts' rollbacks went: the rollbacks that failed (`id@host`) and the hosts whose rollback did not pass. */
export interface HostsRolledBack {
  failed: string[];
  left: string[];
}

/**
 * The step an id of the host's journal stands for, in the host's frame: a plan step, or an iteration of a loop over a
 * step output (`touch[a]`), expanded again from the host's own outputs of that step, as the run expanded it.
 */
function hostStep(state: RunState, frame: Frame, id: string): PlanStep | undefined {
  const step = planStepOf(frame.plan, id);
  if (!step || step.id === id || step.forEach?.over === undefined) return step;
  const [, source, , ...path] = step.forEach.over.split('.');
  const json = source === undefined ? undefined : frame.outputs[source]?.json;
  const list = json === undefined ? undefined : readJsonPath(json, path);
  if (!Array.isArray(list)) return undefined;
  const labels = iterationLabels(list, (text) => state.redactor.redact(text));
  return list.map((item, i) => expandIteration(step, item, labels[i]!, i)).find((s) => s.id === id);
}

/** A host that could not be reached: none of its rollbacks runs; each is listed as left, with the reason. */
function skipUnreachable(state: HostRunState, entries: readonly Completed[], reason: string): void {
  for (const entry of entries) {
    const rollback = entry.step.rollback!;
    const name = stepName({ id: entry.fullId, name: rollback.name ?? entry.step.name }, state.options.lang ?? 'en');
    state.unrolled.push({ id: entry.fullId, name, command: describeRollback(state, entry, rollback) });
    state.emitter.emit({ type: 'rollback.finished', id: entry.fullId, ok: false, skipped: true, reason: state.t('rollback.notRun', { reason }) });
  }
}

async function rollBackHost(state: RunState, root: Frame, left: HostRollbackState, finish: (status: HostStatus, reason: string | undefined, never: boolean) => void): Promise<{ ok: boolean; failed: string[] }> {
  const target = state.targets?.hosts.find((h) => h.host.name === left.host);
  if (!target) return { ok: false, failed: [] };
  const host = new HostRunState(state, target);
  const frame: Frame = { ...root, outputs: { ...root.outputs, ...left.outputs }, completed: [] };
  const entries = left.steps.flatMap((id): Completed[] => {
    const step = hostStep(host, frame, id);
    return step?.rollback ? [{ frame, step, fullId: id }] : [];
  });
  let rolled = { ok: true, failed: [] as string[] };
  if (host.lost !== undefined) skipUnreachable(host, entries, host.lost);
  else rolled = await rollbackInOrder(host, entries);
  state.unrolled.push(...host.unrolled.map((u) => ({ ...u, id: `${u.id}@${left.host}` })));
  const ok = rolled.ok && host.lost === undefined;
  // Rolled back: `failed` ("failed, rolled back"), as a host that failed and rolled back in a rollout (`rolled_back` is
  // a host that finished and was undone past max_fail). Stopped by a second interrupt: interrupted, its rollbacks listed.
  const status: HostStatus = host.lost !== undefined ? 'unreachable' : ok ? 'failed' : rolled.failed.length === 0 && state.interrupts.forced ? 'interrupted' : 'rollback_failed';
  finish(status, host.lost, target.master === undefined);
  return { ok, failed: rolled.failed.map((id) => `${id}@${left.host}`) };
}

/** Runs every host's rollbacks left, the hosts in parallel; a host's first failed rollback stops that host's rollback. */
export async function rollBackHosts(state: RunState, root: Frame, hosts: readonly HostRollbackState[], pattern: string): Promise<HostsRolledBack> {
  const names = hosts.map((h) => h.host);
  state.emitter.emit({ type: 'hosts.planned', pattern, hosts: names, batches: [names], maxFail: names.length });
  state.emitter.emit({ type: 'batch.started', batch: 1, of: 1, hosts: names });
  const results = await Promise.all(
    hosts.map((left) =>
      rollBackHost(state, root, left, (status, reason, never) => {
        const redacted = reason ? state.redactor.redact(reason) : undefined;
        // Never connected: none of its rollbacks ran (a host lost during one has an unknown outcome).
        const notReached = status === 'unreachable' && never ? { reached: false as const } : {};
        state.emitter.emit({ type: 'host.finished', host: left.host, status, batch: 1, ...(redacted ? { reason: redacted } : {}), ...notReached });
      }),
    ),
  );
  return { failed: results.flatMap((r) => r.failed), left: names.filter((_, i) => !results[i]!.ok) };
}
