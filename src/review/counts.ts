// What a plan's summary line counts: steps, destructive steps, confirmation gates, steps with a rollback.
import type { CompiledPlan, PlanStep } from '../engine/plan.js';
import { stepKind } from '../steps/index.js';
import { findDestructive } from './destructive.js';

/** The destructive operations a step's own action performs (not its probes). */
export function stepDestructive(step: PlanStep): string[] {
  return stepKind(step.action).commands(step.action).flatMap((c) => findDestructive(c).map((m) => m.text));
}

/** Counts shown in the summary line of plans, diffs and reviews. */
export function planCounts(plan: CompiledPlan): { steps: number; destructive: number; gates: number; rollbacks: number } {
  const all = [...plan.steps, ...plan.finally];
  return {
    steps: plan.steps.length,
    destructive: all.filter((s) => stepDestructive(s).length > 0).length,
    gates: all.filter((s) => stepKind(s.action).gate).length,
    rollbacks: plan.steps.filter((s) => s.rollback !== undefined).length,
  };
}
