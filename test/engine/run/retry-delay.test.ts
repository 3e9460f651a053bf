// Retry delays grow by the backoff but never past what a timer can wait (longer ones would fire at once).
import { expect, it } from 'vitest';
import { retryDelay } from '../../../src/engine/run/retry.js';

it('doubles the delay, capped at 2^31-1 ms', () => {
  const policy = { retries: 100, delayMs: 1000, backoff: 2 };
  expect([1, 2, 3, 4].map((n) => retryDelay(policy, n))).toEqual([1000, 2000, 4000, 8000]);
  expect(retryDelay(policy, 60)).toBe(2 ** 31 - 1);
  expect(retryDelay({ ...policy, backoff: 10 }, 1000)).toBe(2 ** 31 - 1);
});
