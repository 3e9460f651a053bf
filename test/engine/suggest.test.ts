// "Did you mean": typos, swapped letters and case slips find the name; unrelated words find nothing.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/engine/suggest.js';

describe('didYouMean', () => {
  const keys = ['run', 'rollback', 'retries', 'title', 'timeout', 'verify'];
  it('finds misspelt, swapped and mis-cased names', () => {
    expect(didYouMean('rn', keys)).toBe('run');
    expect(didYouMean('titel', keys)).toBe('title');
    expect(didYouMean('rnu', keys)).toBe('run');
    expect(didYouMean('Verify', keys)).toBe('verify');
    expect(didYouMean('rollbak', keys)).toBe('rollback');
  });
  it('stays quiet when nothing is close', () => {
    expect(didYouMean('banana', keys)).toBeUndefined();
  });
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
