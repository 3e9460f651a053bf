// Durations in step messages, plans and diffs read as a playbook would write them: one formatter for all.
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/engine/duration.js';
import { describeProbeAction } from '../../src/steps/probe.js';
import { stepActionText } from '../../src/review/format.js';
import type { PlanProbeAction, PlanStep } from '../../src/engine/plan.js';

describe('configured durations', () => {
  it.each([
    [90_000, '90s'],
    [120_000, '2m'],
    [1500, '1.5s'],
    [250, '250ms'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
  ])('%i ms reads %s everywhere (valid playbook syntax)', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(text).toMatch(/^\d+(\.\d+)?(ms|s|m|h)$/);
  });
});

describe('probe text', () => {
  it('is the same in engine messages and review output', () => {
    const action = { kind: 'http', request: { method: 'GET', url: { text: 'http://localhost/health' } } } as unknown as PlanProbeAction;
    const step = { action: { kind: 'wait', probe: action } } as unknown as PlanStep;
    expect(describeProbeAction(action)).toBe('GET http://localhost/health');
    expect(stepActionText(step, 'en')).toBe(`wait ${describeProbeAction(action)}`);
  });
});
