// The summary's headline tells what happened to the steps that ran: rolled back, without rollback, left as they are.
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { createOutcome, formatHeadline, noteOutcome } from '../../src/ui/headline.js';
import { uiText } from '../../src/i18n/ui.js';
import { plan, rendered, rollback, runStep } from '../helpers/plan-builder.js';

const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
const counts = { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
const t = uiText('en');

const thePlan = plan({
  steps: [
    runStep('stop', 'docker compose stop', { rollback: rollback('docker compose start') }),
    runStep('trigger', 'airflow dags trigger x'),
    { ...runStep('probe', ''), action: { kind: 'http', request: { method: 'GET', url: rendered('http://h/health', 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 1000 } } },
    runStep('boom', 'false'),
  ],
});

function headline(events: RunEvent[], finished: Partial<Extract<RunEvent, { type: 'run.finished' }>>): string {
  const outcome = createOutcome(thePlan);
  for (const event of events) noteOutcome(outcome, event);
  return formatHeadline(t, { ...base, type: 'run.finished', status: 'failed', exitCode: 1, durationMs: 1, counts, journalDir: '/j', ...finished }, outcome);
}

const ok = (id: string): RunEvent[] => [
  { ...base, type: 'step.started', phase: 'steps', id, name: id, index: 1, total: 4, kind: id === 'probe' ? 'http' : 'run' },
  { ...base, type: 'step.finished', phase: 'steps', id, status: 'ok', durationMs: 1 },
];

describe('run headline', () => {
  it('does not count a read-only health check (GET) as a step without rollback', () => {
    expect(headline([...ok('probe')], {})).toBe('Failed, nothing to roll back');
  });

  it('names what the playbook left as it was after Ctrl-C with on_interrupt: stop', () => {
    const events: RunEvent[] = [...ok('stop'), ...ok('trigger'), { ...base, type: 'interrupt.received', signal: 'SIGINT', action: 'stop' }];
    expect(headline(events, { status: 'interrupted', exitCode: 130 })).toBe(
      'Interrupted, nothing rolled back (on_interrupt: stop); left as they are: stop; may still be going on outside (no rollback): trigger',
    );
  });

  it('counts a step done in the run a resume continues, and lists at most three ids', () => {
    const many = plan({ steps: ['a', 'b', 'c', 'd'].map((id) => runStep(id, 'true')) });
    const outcome = createOutcome(many);
    noteOutcome(outcome, { ...base, type: 'step.skipped', phase: 'steps', id: 'a', status: 'skipped', reason: 'done in r0', fromRun: 'r0', previous: 'ok' });
    for (const id of ['b', 'c', 'd']) for (const event of ok(id)) noteOutcome(outcome, event);
    expect(formatHeadline(t, { ...base, type: 'run.finished', status: 'gate_stopped', exitCode: 1, durationMs: 1, counts, journalDir: '/j' }, outcome)).toBe(
      'Stopped at a confirmation gate (not confirmed), 4 steps have no rollback: a, b, c, …',
    );
  });

  it('leaves the steps of a failed rollback to the list of unrolled steps, and keeps the rollback-failed headline', () => {
    const events: RunEvent[] = [...ok('stop'), { ...base, type: 'rollback.finished', id: 'stop', ok: false, skipped: true }];
    expect(headline(events, { status: 'rollback_failed', exitCode: 4, unrolled: [{ id: 'stop', name: 'stop' }] })).toBe('Failed, and ROLLBACK FAILED — a human must look');
    expect(headline(events, { unrolled: [{ id: 'stop', name: 'stop' }] })).toBe('Failed, nothing to roll back');
  });
});
