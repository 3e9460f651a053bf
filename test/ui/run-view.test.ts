// The run view keeps a bounded output tail and the right statuses whatever the engine sends.
import { describe, expect, it } from 'vitest';
import { activeRows, appendTail, applyEvent, createRunView, pendingRows, pendingWindow, takeDone, TAIL_KEEP } from '../../src/ui/run-view.js';
import { appendOutput, freshOutput, keptOutput } from '../../src/ui/step-output.js';
import { plan, runStep } from '../helpers/plan-builder.js';
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

describe('output a finished step keeps', () => {
  it('counts every line and keeps the first and the last TAIL_KEEP, lines split across chunks whole', () => {
    const output = freshOutput('s');
    appendOutput(output, 'line 1\nli');
    appendOutput(output, 'ne 2\n');
    for (let i = 3; i <= 30; i++) appendOutput(output, `line ${i}\n`);
    appendOutput(output, 'no newline yet');
    expect(output.count).toBe(30);
    expect(keptOutput(output, false)).toEqual({ lines: Array.from({ length: TAIL_KEEP }, (_, i) => `line ${i + 1}`), more: 11 });
    const last = keptOutput(output, true);
    expect(last.lines.at(-1)).toBe('no newline yet');
    expect(last.lines[0]).toBe('line 12');
    expect(last.more).toBe(11);
  });

  it('keeps all of a short output and says nothing more', () => {
    const output = freshOutput('s');
    appendOutput(output, 'a\nb\nc');
    expect(keptOutput(output, false)).toEqual({ lines: ['a', 'b', 'c'], more: 0 });
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

describe('run view of a for_each over a step output', () => {
  it('replaces the loop row by a row per iteration, in its place, when the run expands it', () => {
    const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
    const view = createRunView(plan({ steps: [runStep('ls', 'true'), runStep('restart', 'true'), runStep('after', 'true')] }), 'en');
    applyEvent(view, { ...base, type: 'step.expanded', phase: 'steps', id: 'restart', iterations: ['restart[api]', 'restart[mlflow]'] }, 'en');
    expect(view.rows.filter((r) => r.phase === 'steps').map((r) => [r.id, r.status])).toEqual([
      ['ls', 'pending'],
      ['restart[api]', 'pending'],
      ['restart[mlflow]', 'pending'],
      ['after', 'pending'],
    ]);
    expect(view.index.steps.total).toBe(4);
    applyEvent(view, { ...base, type: 'step.started', phase: 'steps', id: 'restart[api]', name: 'restart api', index: 2, total: 3, kind: 'run' }, 'en');
    expect(view.rows.find((r) => r.id === 'restart[api]')).toMatchObject({ status: 'running', label: 'restart api' });
    expect(pendingRows(view).map((r) => r.id)).toEqual(['ls', 'restart[mlflow]', 'after']);
  });
});

describe('run view of a long run', () => {
  it('keeps a window: the running row, the next rows and how many more, and hands printed items over once', () => {
    const n = 3000;
    const view = createRunView(plan({ steps: Array.from({ length: n }, (_, i) => runStep(`s${i + 1}`, 'true')) }), 'en');
    const at = (ms: number) => ({ runId: 'r', time: new Date(Date.UTC(2026, 10, 28) + ms).toISOString() });
    applyEvent(view, { ...at(0), type: 'phase.started', phase: 'steps' }, 'en');
    let printed = 0;
    for (let i = 1; i <= 2000; i++) {
      applyEvent(view, { ...at(i), type: 'step.started', phase: 'steps', id: `s${i}`, name: `s${i}`, index: i, total: n, kind: 'run' }, 'en');
      applyEvent(view, { ...at(i + 1), type: 'step.finished', phase: 'steps', id: `s${i}`, status: 'ok', durationMs: 1 }, 'en');
      if (i % 100 === 0) printed += takeDone(view).filter((d) => d.kind === 'row').length;
    }
    expect(printed).toBe(2000);
    expect(view.done).toEqual([]);
    applyEvent(view, { ...at(5000), type: 'step.started', phase: 'steps', id: 's2001', name: 's2001', index: 2001, total: n, kind: 'run' }, 'en');
    expect(activeRows(view).map((r) => r.id)).toEqual(['s2001']);
    const window = pendingWindow(view, 4);
    expect(window.rows.map((r) => r.id)).toEqual(['s2002', 's2003', 's2004', 's2005']);
    expect(window.total).toBe(999);
    expect(view.index.steps).toEqual({ total: n, finished: 2000, failed: 0 });
  });

  it('shows the command of a running step and keeps none once the step finished', () => {
    const view = createRunView(plan({ steps: [runStep('build', 'make all'), runStep('ship', 'make ship')] }), 'en');
    const at = (ms: number) => ({ runId: 'r', time: new Date(Date.UTC(2026, 10, 28) + ms).toISOString() });
    const script = 'set -e\n' + 'echo a long script line\n'.repeat(200);
    applyEvent(view, { ...at(0), type: 'phase.started', phase: 'steps' }, 'en');
    applyEvent(view, { ...at(1), type: 'step.started', phase: 'steps', id: 'build', name: 'build', index: 1, total: 2, kind: 'run', command: script }, 'en');
    expect(activeRows(view)[0]?.command).toBe(script);
    applyEvent(view, { ...at(2), type: 'step.finished', phase: 'steps', id: 'build', status: 'ok', durationMs: 1 }, 'en');
    expect(view.rows.map((r) => r.command)).toEqual([undefined, undefined]);
  });
});
