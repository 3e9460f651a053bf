// The run view keeps a bounded output tail and the right statuses whatever the engine sends.
import { describe, expect, it } from 'vitest';
import { appendTail, applyEvent, createRunView, pendingRows, TAIL_KEEP } from '../../src/ui/run-view.js';
import { allSyntheticEvents, syntheticPlan } from './synthetic.js';

describe('output tail', () => {
  it('joins lines split across chunks and keeps only the last lines', () => {
    const tail = { lines: [] as string[], partial: '' };
    appendTail(tail, 'a');
    appendTail(tail, 'b\nc');
    appendTail(tail, '\n');
    expect(tail).toEqual({ lines: ['ab', 'c'], partial: '' });
    appendTail(tail, Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n'));
    expect(tail.lines).toHaveLength(TAIL_KEEP);
    expect(tail.lines.at(-1)).toBe('l98');
    expect(tail.partial).toBe('l99');
  });

  it('stays small for a huge chunk without newlines', () => {
    const tail = { lines: [] as string[], partial: '' };
    appendTail(tail, 'x'.repeat(5_000_000));
    appendTail(tail, 'y'.repeat(5_000_000));
    expect(tail.partial.length).toBeLessThanOrEqual(1000);
  });
});

describe('run view', () => {
  it('ends with the right statuses and nothing left pending or running', () => {
    const view = createRunView(syntheticPlan(), 'en');
    for (const event of allSyntheticEvents('en')) applyEvent(view, event, 'en');
    const status = Object.fromEntries(view.rows.map((r) => [r.key, r.status]));
    expect(status).toMatchObject({
      'preconditions:0': 'ok',
      'steps:stop': 'ok',
      'steps:approve': 'ok',
      'steps:chown': 'failed',
      'steps:start': 'pending',
      'rollback:stop': 'rolled_back',
      'finally:notify': 'ok',
    });
    // `start` never ran: once the steps phase closed it is no longer listed as waiting.
    expect(pendingRows(view)).toEqual([]);
    expect(view.finished?.status).toBe('failed');
  });
});

describe('run view for includes, resume and --check', () => {
  const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;

  it('lists the steps of an included playbook under the including step', () => {
    const view = createRunView(syntheticPlan(), 'en');
    applyEvent(view, { ...base, type: 'step.started', phase: 'steps', id: 'stop', name: 'Stop', index: 1, total: 4, kind: 'playbook' }, 'en');
    applyEvent(view, { ...base, type: 'step.started', phase: 'steps', id: 'stop.drain', name: 'Drain', index: 1, total: 2, kind: 'run', parent: 'stop' }, 'en');
    const keys = view.rows.map((r) => r.key);
    expect(keys.indexOf('steps:stop.drain')).toBe(keys.indexOf('steps:stop') + 1);
    expect(view.rows.find((r) => r.key === 'steps:stop.drain')).toMatchObject({ depth: 1, parent: 'stop', status: 'running' });
  });

  it('records steps completed in an earlier run and steps a --check says would run', () => {
    const view = createRunView(syntheticPlan(), 'en');
    applyEvent(view, { ...base, type: 'step.skipped', phase: 'steps', id: 'stop', status: 'skipped', reason: 'completed in run r0', fromRun: 'r0', previous: 'ok' }, 'en');
    applyEvent(view, { ...base, type: 'step.would_run', id: 'chown', name: 'Fix owner', reason: 'check did not pass' }, 'en');
    expect(view.rows.find((r) => r.key === 'steps:stop')).toMatchObject({ status: 'skipped', fromRun: 'r0' });
    expect(view.rows.find((r) => r.key === 'steps:chown')).toMatchObject({ status: 'would_run', reason: 'check did not pass' });
    expect(view.done.filter((d) => d.kind === 'row')).toHaveLength(2);
  });
});
