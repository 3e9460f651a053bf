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
  it('finds a name whose last word is another (continue_on_failure), when only one has those first words', () => {
    const step = ['continue_on_error', 'for_each', 'max_items', 'run', 'timeout'];
    expect(didYouMean('continue_on_failure', step)).toBe('continue_on_error');
    expect(didYouMean('continue-on-failure', step)).toBe('continue_on_error');
    expect(didYouMean('continue_on_fail', step)).toBe('continue_on_error');
    // Two candidates with those first words, or a first word too short to tell: no guess.
    expect(didYouMean('max_count', ['max_items', 'max_fail'])).toBeUndefined();
    expect(didYouMean('on_failure', ['on_error'])).toBeUndefined();
  });
  it('stays quiet when nothing is close', () => {
    expect(didYouMean('banana', keys)).toBeUndefined();
  });
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
