// The rollout's arithmetic: batch sizes from `serial`, failures allowed from `max_fail`, the order of hosts.
import { describe, expect, it } from 'vitest';
import { batchSize, failuresAllowed, ordered, planBatches } from '../../../src/engine/run/batches.js';

const hosts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

describe('batches', () => {
  it('serial: a count, a percentage rounded up (at least one host), or every host when absent', () => {
    expect(batchSize({ serial: 3 }, 10)).toBe(3);
    expect(batchSize({ serial: '30%' }, 10)).toBe(3);
    expect(batchSize({ serial: '25%' }, 10)).toBe(3);
    expect(batchSize({ serial: '1%' }, 10)).toBe(1);
    expect(batchSize({ serial: '100%' }, 10)).toBe(10);
    expect(batchSize({ serial: 50 }, 10)).toBe(10);
    expect(batchSize({}, 10)).toBe(10);
  });

  it('max_fail: a count, or a percentage rounded down', () => {
    expect(failuresAllowed({ maxFail: 1 }, 10)).toBe(1);
    expect(failuresAllowed({ maxFail: '10%' }, 10)).toBe(1);
    expect(failuresAllowed({ maxFail: '15%' }, 10)).toBe(1);
    expect(failuresAllowed({ maxFail: '5%' }, 10)).toBe(0);
  });

  it('cuts the hosts in inventory order, the last batch the rest', () => {
    expect(planBatches({ pattern: 'all', serial: 4, maxFail: 0, onMaxFail: 'keep', order: 'inventory' }, hosts)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['e', 'f', 'g', 'h'],
      ['i', 'j'],
    ]);
  });

  it('order: random shuffles every host exactly once', () => {
    const picks = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const shuffled = ordered(hosts, 'random', () => picks.shift() ?? 0);
    expect(shuffled).not.toEqual(hosts);
    expect([...shuffled].sort()).toEqual(hosts);
  });
});
