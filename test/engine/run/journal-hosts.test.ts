// The host events of a journal are read as untrusted input: a wrong `host`, status or host list is refused, naming the field.
import { describe, expect, it } from 'vitest';
import { describeJournalReason, type JournalReason } from '../../../src/engine/run/journal-reason.js';
import { eventProblem as eventReason, metaProblem as metaReason } from '../../../src/engine/run/journal-shape.js';
import { hostsDone, hostOutcomes } from '../../../src/engine/run/resume-hosts.js';
import type { RunEvent } from '../../../src/engine/events.js';

const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' };
const inEnglish = (reason: JournalReason | undefined) => (reason === undefined ? undefined : describeJournalReason(reason, 'en'));
const eventProblem = (value: unknown) => inEnglish(eventReason(value));
const metaProblem = (value: unknown) => inEnglish(metaReason(value));

describe('host events in the journal', () => {
  it('accepts the host events and `host` on step events', () => {
    expect(eventProblem({ ...base, type: 'host.finished', host: 'api-1', status: 'unreachable', batch: 1, reason: 'gone' })).toBeUndefined();
    expect(eventProblem({ ...base, type: 'host.finished', host: 'api-1', status: 'unreachable', batch: 1, reason: 'refused', reached: false })).toBeUndefined();
    expect(eventProblem({ ...base, type: 'hosts.planned', pattern: 'api', hosts: ['a', 'b'], batches: [['a'], ['b']], maxFail: 0 })).toBeUndefined();
    expect(eventProblem({ ...base, type: 'step.finished', host: 'a', phase: 'steps', id: 'x', status: 'ok', durationMs: 1 })).toBeUndefined();
  });

  it('refuses a host that is not a name, an unknown host status, a host list with other things in it', () => {
    expect(eventProblem({ ...base, type: 'step.finished', host: 7, phase: 'steps', id: 'x', status: 'ok', durationMs: 1 })).toMatch(/host/);
    expect(eventProblem({ ...base, type: 'host.finished', host: 'a', status: 'fine', batch: 1 })).toMatch(/status/);
    expect(eventProblem({ ...base, type: 'hosts.planned', pattern: 'api', hosts: ['a', { evil: 1 }], batches: [], maxFail: 0 })).toMatch(/host names/);
    expect(eventProblem({ ...base, type: 'batch.started', batch: 1, of: 1, hosts: [null] })).toMatch(/host names/);
  });

  it('meta.json: the inventory and the host pattern are text', () => {
    const meta = { runId: 'r', playbook: 'p', title: 't', file: 'f', lock: 'l', params: {}, secretParams: [], sandbox: false, user: 'u', host: 'h', pid: 1, startedAt: 's' };
    expect(metaProblem({ ...meta, inventory: '/x/inv.yaml', hosts: 'api' })).toBeUndefined();
    expect(metaProblem({ ...meta, hosts: ['api'] })).toMatch(/hosts/);
  });

  it('resume takes a host as done only when its last outcome is ok', () => {
    const events = [
      { ...base, type: 'host.finished', host: 'a', status: 'ok', batch: 1 },
      { ...base, type: 'host.finished', host: 'b', status: 'failed', batch: 1 },
      { ...base, type: 'host.finished', host: 'c', status: 'ok', batch: 1 },
      { ...base, type: 'host.finished', host: 'c', status: 'rolled_back', batch: 1 },
    ] as RunEvent[];
    expect(hostsDone(events)).toEqual(['a']);
    expect(hostOutcomes(events).get('c')).toBe('rolled_back');
  });
});
