// The live view of a rollout: one line per host (its step and status), the batch, the counts, bounded for many hosts.
import './ink/no-color.js';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { App } from '../../src/ui/ink/App.js';
import { applyEvent, createRunView } from '../../src/ui/run-view.js';

const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
const names = Array.from({ length: 40 }, (_, i) => `api-${i + 1}`);

function viewAfter(events: RunEvent[]) {
  const view = createRunView(undefined, 'en');
  for (const event of events) applyEvent(view, event, 'en');
  return view;
}

const events: RunEvent[] = [
  { ...base, type: 'run.started', playbook: { name: 'deploy', title: 'deploy', risk: 'medium', file: 'd.yaml' }, params: [], sandbox: false, journalDir: 'j', totalSteps: 2 },
  { ...base, type: 'hosts.planned', pattern: 'api', hosts: names, batches: [names.slice(0, 20), names.slice(20)], maxFail: 2 },
  { ...base, type: 'batch.started', batch: 1, of: 2, hosts: names.slice(0, 20) },
  ...names.slice(0, 17).map((host): RunEvent => ({ ...base, type: 'host.finished', host, status: 'ok', batch: 1 })),
  { ...base, type: 'host.finished', host: 'api-18', status: 'unreachable', batch: 1, reason: 'host api-18: the connection was lost' },
  { ...base, type: 'step.started', host: 'api-19', phase: 'steps', id: 'restart', name: 'restart', index: 2, total: 2, kind: 'run' },
  { ...base, type: 'host.finished', host: 'api-20', status: 'failed', batch: 1, reason: 'restart: exit code 1' },
];

describe('the hosts panel', () => {
  it('shows the batch, the counts, the running and failed hosts first, and how many more: a bounded number of lines', () => {
    const view = viewAfter(events);
    const { lastFrame } = render(<App view={view} lang="en" now={Date.parse(base.time)} columns={100} rows={24} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} feed={{ batch: 0, items: [] }} />);
    const frame = lastFrame() ?? '';
    expect(frame).toContain('batch 1/2 · 17 ok · 1 failed · 1 unreachable · 20 waiting');
    const lines = frame.split('\n');
    const at = (name: string) => lines.findIndex((l) => new RegExp(`\\b${name}\\b`).test(l));
    expect(lines[at('api-19')]).toMatch(/▸ api-19\s+restart · running/);
    expect(lines[at('api-20')]).toMatch(/✗ api-20\s+failed, rolled back · restart: exit code 1/);
    expect(lines[at('api-18')]).toMatch(/\? api-18\s+unreachable \(outcome unknown\)/);
    expect(at('api-19')).toBeLessThan(at('api-20'));
    expect(frame).toMatch(/… \d+ more hosts/);
    expect(lines.length).toBeLessThan(20);
  });
});

describe('the hosts panel of --check', () => {
  it('shows per host what would run, and counts the host steps in the summary', () => {
    const view = viewAfter([
      { ...base, type: 'run.started', playbook: { name: 'deploy', title: 'deploy', risk: 'medium', file: 'd.yaml' }, params: [], sandbox: false, journalDir: 'j', totalSteps: 1 },
      { ...base, type: 'hosts.planned', pattern: 'api', hosts: ['api-1', 'api-2'], batches: [['api-1', 'api-2']], maxFail: 0 },
      { ...base, type: 'step.would_run', host: 'api-1', id: 'restart', name: 'restart', reason: 'its check did not pass' },
      { ...base, type: 'step.would_run', host: 'api-2', id: 'restart', name: 'restart', reason: 'the host could not be checked', unknown: true },
      { ...base, type: 'run.finished', status: 'ok', exitCode: 0, durationMs: 5, counts: { ok: 0, already_done: 0, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 }, journalDir: 'j' },
    ]);
    const { lastFrame } = render(<App view={view} lang="en" now={Date.parse(base.time)} columns={100} rows={24} inputEnabled={false} onAnswer={() => {}} onInterrupt={() => {}} feed={{ batch: 0, items: [] }} />);
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/api-1\s+restart ▷ · .* · its check did not pass/);
    expect(frame).toMatch(/api-2\s+restart \? · .* · the host could not be checked/);
    expect(frame).toMatch(/1 would run/);
  });
});
