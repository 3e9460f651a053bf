// `resume --rollback` of a run with `targets`: each host's rollbacks left, read from the run's (checked) journal.
import { join } from 'node:path';
import type { HostStatus, RunEvent } from '../events.js';
import type { CompiledPlan, PlanStep } from '../plan.js';
import type { StepOutputs } from '../template-render.js';
import { isIterationOf, loopStepOf } from '../for-each-items.js';
import type { EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { JournalReadError } from './journal-read.js';
import { journalFault } from './journal-reason.js';
import { outputsMarks, restoreOutputs, stepsReadBy, type OutputsMark } from './resume-outputs.js';
import { completedSteps, restoreLocalOutputs, rollbackChain, rolledBackIn } from './resume-rollback.js';

/** One host's rollback left to run. */
export interface HostRollback {
  host: string;
  /** Step ids (loop iterations too: `touch[a]`) whose rollback is still to run on the host, most recent first. */
  steps: string[];
  /** Steps that started on the host and never finished (the engine died): never rolled back from here, named. */
  unknown: string[];
  /** The host's own step outputs that its rollbacks may read, by step id. */
  outputs: Record<string, StepOutputs>;
  /** Where the host was reached in the run (`address:port`), when its journal says (meta.json `targetAddresses`). */
  address?: string;
  /** The journal file the host was named in (events.jsonl): named when the host is refused. */
  journal: string;
  /**
   * An older journal without `targetAddresses`: the run's host pattern, which must select this host in the inventory
   * (else the journal is damaged: the host was never in the run).
   */
  selectedBy?: string;
}

/** A host name as the inventory's schema allows it (runbooks/schemas/inventory.schema.json). */
const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}$/;

/** An id of a step of the plan, or of an iteration of one of its loops (`touch[a]`). */
const isStepId = (plan: CompiledPlan, id: string): boolean => plan.steps.some((s) => s.id === id || (s.forEach !== undefined && isIterationOf(id, s.id)));

/** The plan step an id of a host's journal stands for: the step, or the loop an iteration (`touch[a]`) belongs to. */
export function planStepOf(plan: CompiledPlan, id: string): PlanStep | undefined {
  return plan.steps.find((s) => s.id === id) ?? plan.steps.find((s) => s.id === loopStepOf(id) && s.forEach !== undefined);
}

interface HostFacts {
  completed: string[];
  started: string[];
  /** Steps that ended (finished or skipped), by id. */
  ended: Set<string>;
  /** Steps that failed and ended the host (not `continue_on_error`): it never finished. */
  failed: boolean;
  /** The iterations of each loop over a step output, as the host expanded it (`step.expanded`). */
  expanded: Map<string, string[]>;
  status?: HostStatus;
  /** A rollback ran on the host after its last outcome (`on_max_fail: rollback` after `ok`; or the engine died during it). */
  rollingBack: boolean;
}

/** Per host: the steps it completed (in order), started, ended, and its last outcome. Unknown names are only named, never run. */
function hostFacts(events: readonly RunEvent[]): Map<string, HostFacts> {
  const out = new Map<string, HostFacts>();
  const of = (host: string) => out.get(host) ?? out.set(host, { completed: [], started: [], ended: new Set(), failed: false, expanded: new Map(), rollingBack: false }).get(host)!;
  for (const event of events) {
    if (event.type === 'host.finished') Object.assign(of(event.host), { status: event.status, rollingBack: false });
    if (event.host === undefined) continue;
    if (event.type === 'rollback.started' || event.type === 'rollback.finished') of(event.host).rollingBack = true;
    if (event.type === 'step.expanded' && event.phase === 'steps' && !event.parent) of(event.host).expanded.set(event.id, event.iterations);
    if ((event.type !== 'step.started' && event.type !== 'step.finished' && event.type !== 'step.skipped') || event.phase !== 'steps' || event.parent) continue;
    const facts = of(event.host);
    if (event.type === 'step.started') facts.started.push(event.id);
    else facts.ended.add(event.id);
    if (event.type === 'step.finished' && event.status === 'ok') facts.completed.push(event.id);
    if (event.type === 'step.finished' && event.status === 'failed' && !event.continued) facts.failed = true;
  }
  return out;
}

/**
 * A host that finished: its last outcome `ok` and no rollback since — or no outcome at all (the engine died) but
 * every target step of the plan ended there and none failed (a failed step starts the host's rollback, then its
 * outcome: the engine died between the two). It kept its steps, as the playbook said (`max_fail`, `on_max_fail: keep`).
 */
function finishedHost(plan: CompiledPlan, facts: HostFacts): boolean {
  if (facts.rollingBack) return false;
  if (facts.status !== undefined) return facts.status === 'ok';
  if (facts.failed) return false;
  return plan.steps.every((s) => s.on !== 'targets' || s.deselected !== undefined || stepEnded(s, facts));
}

/** A step ended on the host; a loop over a step output when it was skipped whole, or every iteration it expanded to ended. */
function stepEnded(step: PlanStep, facts: HostFacts): boolean {
  if (facts.ended.has(step.id)) return true;
  const iterations = step.forEach?.over !== undefined ? facts.expanded.get(step.id) : undefined;
  return iterations !== undefined && iterations.every((id) => facts.ended.has(id));
}

/**
 * Each host of the run with completed steps whose rollback has not passed anywhere along the rollback chain (it failed,
 * was not run after a failed one, started and never ended, or never ran because the host was lost or the run stopped),
 * most recent first. A host that finished (finishedHost) is left as it is: `resume --rollback` continues a rollback,
 * it does not undo a host that finished.
 * Throws (exit 2, naming the file) for a damaged journal, or outputs a rollback reads that cannot be trusted.
 */
export function decideHostRollbacks(home: string, runId: string, plan: CompiledPlan, t: Translator<EngineKey>, homeArg = ''): HostRollback[] {
  const chain = rollbackChain(home, runId, t);
  const origin = chain[chain.length - 1]!;
  const rolledBack = rolledBackIn(chain);
  const read = stepsReadBy(plan);
  const out: HostRollback[] = [];
  for (const [host, facts] of hostFacts(origin.events)) {
    // Names from the journal become file names (`steps/<id>@<host>.outputs.json`): only an inventory's host names, and
    // only ids of the plan's steps (or their loops' iterations), are taken; anything else is never run.
    if (!HOST_NAME.test(host) || finishedHost(plan, facts)) continue;
    facts.completed = facts.completed.filter((id) => isStepId(plan, id));
    const steps = [...facts.completed].reverse().filter((id) => !rolledBack.has(`${id}@${host}`) && planStepOf(plan, id)?.rollback !== undefined);
    if (steps.length === 0) continue;
    const marks = new Map<string, OutputsMark>([...outputsMarks(origin.events.filter((e) => e.host === host))].map(([id, mark]) => [`${id}@${host}`, mark]));
    const restore = { dir: origin.dir, runId: origin.runId, marks, t, homeArg };
    const outputs: Record<string, StepOutputs> = {};
    for (const id of facts.completed) {
      const restored = restoreOutputs(restore, `${id}@${host}`, read.has(id) || read.has(loopStepOf(id))).outputs;
      if (restored) outputs[id] = restored;
    }
    const unknown = facts.started.filter((id) => !facts.ended.has(id));
    const journal = join(origin.dir, 'events.jsonl');
    const addresses = origin.meta.targetAddresses;
    // A host the run never had (a forged or damaged journal) is never reached: the run's meta.json lists its hosts.
    if (addresses !== undefined && !Object.hasOwn(addresses, host)) throw new JournalReadError(journal, journalFault({ key: 'hostNotInRun', host }), t);
    const where = addresses !== undefined ? { address: addresses[host]! } : { selectedBy: origin.meta.hosts ?? plan.targets?.pattern ?? '' };
    out.push({ host, steps, unknown: [...new Set(unknown)], outputs, journal, ...where });
  }
  return out;
}

/** The outputs of the run's completed local steps, which the hosts' rollbacks may read (`{{steps.prepare.stdout}}`). */
export function localOutputs(home: string, runId: string, plan: CompiledPlan, t: Translator<EngineKey>, homeArg = ''): Record<string, StepOutputs> {
  const chain = rollbackChain(home, runId, t);
  const origin = chain[chain.length - 1]!;
  return restoreLocalOutputs(origin, completedSteps(origin.events).completed, plan, t, homeArg);
}
