// The ink bench's statistics: the sizes and rounds it accepts, and a round's own CPU-per-step ratio.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inkRounds, inkSizes, roundRatio } from '../../bench/lib/ink-rounds.mjs';

const exec = promisify(execFile);
const bench = join(import.meta.dirname, '..', '..', 'bench', 'ink.bench.mjs');

describe('the ink bench', () => {
  it('judges a round on its own ratio: the cost per step at the largest size ÷ at the middle one, over the smallest', () => {
    // 100/500/1500 steps: 400 ms over 400 steps (1 ms a step), 1,500 ms over 1,400 steps.
    expect(roundRatio([100, 500, 1500], [600, 1000, 2100])).toBeCloseTo(1.5 / 1.4, 10);
  });

  it('counts a round whose marginal cost is not positive as a miss, never as the best round', () => {
    // The middle size took less CPU than the smallest (a slow first run): the ratio would be negative, or 0/0.
    expect(roundRatio([100, 500, 1500], [900, 800, 2100])).toBe(Infinity);
    expect(roundRatio([100, 500, 1500], [900, 900, 900])).toBe(Infinity);
    expect(roundRatio([100, 500, 1500], [600, 1000, 500])).toBe(Infinity);
  });

  it.each(['100,500', '100,500,1500,5000', '500,100,5000', '100,100,500', '100,,500', '0,500,1500', 'a,b,c'])('refuses INK_BENCH_SIZES=%s', (text) => {
    expect(() => inkSizes(text)).toThrow(/expected three step counts, smallest first/);
  });

  it('takes three ascending sizes and any whole number of rounds from 1', () => {
    expect(inkSizes('100, 500,5000')).toEqual([100, 500, 5000]);
    expect(inkRounds('1')).toBe(1);
    expect(inkRounds('2')).toBe(2);
    for (const text of ['0', '-1', '1.5', '', 'x']) expect(() => inkRounds(text)).toThrow(/at least 1/);
  });

  it('says what is wrong with its environment before it runs anything', async () => {
    for (const [name, value, message] of [
      ['INK_BENCH_SIZES', '100,500', 'expected three step counts'],
      ['INK_BENCH_ROUNDS', '0', 'expected a whole number of rounds'],
    ] as const) {
      const failed = await exec(process.execPath, [bench, '--quick'], { env: { ...process.env, [name]: value }, timeout: 20_000 }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(`${name}="${value}": ${message}`);
    }
  });
});
