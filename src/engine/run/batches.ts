// The rollout's arithmetic: hosts in `order`, cut into batches of `serial`, and how many may fail (`max_fail`).
import { randomInt } from 'node:crypto';
import type { PlanTargets } from '../plan.js';

/** A count or a percentage of `total`, as `serial` and `max_fail` are written. */
function countOf(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = Number(value.slice(0, -1));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** Hosts per batch: `serial` of the hosts (a percentage rounds up, at least one), every host when absent. */
export function batchSize(targets: Pick<PlanTargets, 'serial'>, total: number): number {
  if (targets.serial === undefined) return Math.max(1, total);
  return Math.max(1, Math.min(Math.max(1, total), countOf(targets.serial, total, true)));
}

/** Failed or unreachable hosts allowed: past this many, no new batch starts (a percentage rounds down). */
export function failuresAllowed(targets: Pick<PlanTargets, 'maxFail'>, total: number): number {
  return countOf(targets.maxFail, total, false);
}

/** The hosts in the order they go: as given (the inventory's), or shuffled (Fisher–Yates). */
export function ordered<T>(hosts: readonly T[], order: PlanTargets['order'], pick: (n: number) => number = randomInt): T[] {
  const out = [...hosts];
  if (order !== 'random') return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The batches, in order. */
export function cutBatches<T>(hosts: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < hosts.length; i += size) batches.push(hosts.slice(i, i + size));
  return batches;
}

/** The batches of a rollout over `hosts` (names), as `plan` shows them and the engine runs them. */
export function planBatches<T>(targets: PlanTargets, hosts: readonly T[], pick?: (n: number) => number): T[][] {
  return cutBatches(ordered(hosts, targets.order, pick), batchSize(targets, hosts.length));
}
