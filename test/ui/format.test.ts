// Durations and parameter masking as every reporter shows them.
import { describe, expect, it } from 'vitest';
import { formatDuration, formatParam, spinnerFrame } from '../../src/ui/format.js';

describe('format', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(350)).toBe('0.4s');
    expect(formatDuration(12_345)).toBe('12.3s');
    expect(formatDuration(59_999)).toBe('1m00s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(formatDuration(3_725_000)).toBe('1h02m');
  });
  it('masks secret parameters whatever their value', () => {
    expect(formatParam({ name: 'token', value: 'abc', secret: true })).toBe('token=••••••');
    expect(formatParam({ name: 'dir', value: '/x', secret: false })).toBe('dir=/x');
  });
  it('derives the spinner from the clock', () => {
    expect(spinnerFrame(0)).toBe(spinnerFrame(79));
    expect(spinnerFrame(0)).not.toBe(spinnerFrame(80));
  });
});
