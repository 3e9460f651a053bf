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
