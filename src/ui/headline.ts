// The first line of a run's summary, told from what happened: what was rolled back, which steps that ran
// have no rollback, and (after Ctrl-C) what may still be going on outside. Shared by the live view and plain lines.
import type { EventOf, RunEvent } from '../engine/events.js';
import type { CompiledPlan, PlanStep } from '../engine/plan.js';
import type { UiTranslator } from '../i18n/ui.js';
import { isReadOnlyKind, stepKind } from '../steps/index.js';

/** What the plan says of one step, as bits of a small integer (no object per step in a run of thousands). */
const HAS_ROLLBACK = 1;
const READ_ONLY = 2;

/** Folded from events (bounded by the number of steps; nothing per output line). */
export interface Outcome {
  /** From the plan, by full id (`<parent>.<child>` inside included playbooks): HAS_ROLLBACK | READ_ONLY. */
  facts: Map<string, number>;
  /** Kind of each step as `step.started` told it (a plan may be absent). */
  kinds: Map<string, string>;
  /** Steps that completed (or completed in the run a resume continues), in order. */
  ran: string[];
  /** Steps a rollback was started (or skipped) for: they have one. */
  withRollback: Set<string>;
  rolledBack: Set<string>;
  interrupt?: 'rollback' | 'stop' | 'force';
}

function addFacts(facts: Map<string, number>, steps: readonly PlanStep[], parent: string | undefined): void {
  for (const step of steps) {
    const id = parent ? `${parent}.${step.id}` : step.id;
    // A gate, a poll, a GET or an include (its own steps count for themselves) changes nothing outside.
    const kind = stepKind(step.action);
    facts.set(id, (step.rollback !== undefined ? HAS_ROLLBACK : 0) | (kind.readOnly(step.action) ? READ_ONLY : 0));
    const included = kind.included?.(step.action);
    if (included) addFacts(facts, included.plan.steps, id);
  }
}

export function createOutcome(plan: CompiledPlan | undefined): Outcome {
  const facts = new Map<string, number>();
  if (plan) addFacts(facts, plan.steps, undefined);
  return { facts, kinds: new Map(), ran: [], withRollback: new Set(), rolledBack: new Set() };
}

/** Folds one event in; cheap for the frequent ones (output is ignored). */
export function noteOutcome(outcome: Outcome, event: RunEvent): void {
  switch (event.type) {
    case 'step.started':
      if (event.phase === 'steps') outcome.kinds.set(event.id, event.kind);
      return;
    case 'step.finished':
      if (event.phase === 'steps' && event.status === 'ok') outcome.ran.push(event.id);
      return;
    case 'step.skipped':
      // `resume`: done in the earlier run, so it is part of what this run may have to undo.
      if (event.phase === 'steps' && event.fromRun && event.previous === 'ok') outcome.ran.push(event.id);
      return;
    case 'rollback.started':
      outcome.withRollback.add(event.id);
      return;
    case 'rollback.finished':
      outcome.withRollback.add(event.id);
      if (event.ok) outcome.rolledBack.add(event.id);
      return;
    case 'interrupt.received':
      if (outcome.interrupt !== 'force') outcome.interrupt = event.action;
      return;
    default:
      return;
  }
}

interface Sorted {
  noRollback: string[];
  notRolledBack: string[];
}

/** The steps that ran and changed something, by what became of them. */
function sortRan(outcome: Outcome, unrolled: ReadonlySet<string>): Sorted {
  const sorted: Sorted = { noRollback: [], notRolledBack: [] };
  for (const id of new Set(outcome.ran)) {
    const facts = outcome.facts.get(id);
    const kind = outcome.kinds.get(id);
    if ((facts !== undefined && facts & READ_ONLY) || (kind !== undefined && isReadOnlyKind(kind))) continue;
    if (outcome.rolledBack.has(id) || unrolled.has(id)) continue;
    const hasRollback = facts !== undefined ? (facts & HAS_ROLLBACK) !== 0 : outcome.withRollback.has(id);
    if (hasRollback) sorted.notRolledBack.push(id);
    else sorted.noRollback.push(id);
  }
  return sorted;
}

/** `a, b, c, …`: at most three ids, the rest counted in the sentence. */
function idList(t: UiTranslator, ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(t('headline.idSeparator'));
  return ids.length > 3 ? `${shown}${t('headline.idSeparator')}…` : shown;
}

function steps(t: UiTranslator, count: number): string {
  return t(count === 1 ? 'headline.steps.one' : 'headline.steps.other', { count });
}

/**
 * `Failed, 3 steps rolled back`, `Failed, nothing to roll back`, `Failed, 2 steps have no rollback: trigger_dag, notify`,
 * `Interrupted, nothing to roll back; may still be going on outside (no rollback): trigger_dag`.
 */
export function formatHeadline(t: UiTranslator, event: EventOf<'run.finished'>, outcome: Outcome): string {
  const { status } = event;
  if (status !== 'failed' && status !== 'interrupted' && status !== 'gate_stopped') return t(`summary.${status}`);
  const { noRollback, notRolledBack } = sortRan(outcome, new Set((event.unrolled ?? []).map((u) => u.id)));
  const rolled = event.counts.rolled_back;
  const clauses: string[] = [];
  if (rolled > 0) clauses.push(t('headline.rolledBack', { steps: steps(t, rolled) }));
  else if (notRolledBack.length > 0) clauses.push(t(outcome.interrupt === 'stop' ? 'headline.stopped' : 'headline.nothingRolledBack'));
  else if (noRollback.length === 0 || status === 'interrupted') clauses.push(t('headline.nothingToRollBack'));
  // After a failure the steps without a rollback are the news; after Ctrl-C, what may still be going on.
  if (noRollback.length > 0 && status !== 'interrupted') {
    clauses.push(t(noRollback.length === 1 ? 'headline.noRollback.one' : 'headline.noRollback.other', { steps: steps(t, noRollback.length), ids: idList(t, noRollback) }));
  }
  let text = `${t(`summary.${status}`)}${t('headline.separator')}${clauses.join(t('headline.separator'))}`;
  if (notRolledBack.length > 0) text += `${t('headline.then')}${t('headline.leftAsIs', { ids: idList(t, notRolledBack) })}`;
  if (noRollback.length > 0 && status === 'interrupted') text += `${t('headline.then')}${t('headline.outside', { ids: idList(t, noRollback) })}`;
  return text;
}
