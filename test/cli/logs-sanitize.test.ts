// `runbook logs` prints commands, reasons and output recorded from steps: escape sequences must not reach the terminal.
import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../src/cli/commands/logs.js';
import type { RunEvent } from '../../src/engine/events.js';

const base = { runId: 'r1', time: '2026-11-28T02:00:00.000Z' };
const ESC = '\u001b';

describe('describeEvent', () => {
  it.each<[string, RunEvent]>([
    ['a step command', { ...base, type: 'step.started', phase: 'steps', id: 's', name: 's', index: 0, total: 1, kind: 'run', command: `echo ${ESC}[2J${ESC}]0;pwned\u0007hi` }],
    ['a failure reason', { ...base, type: 'step.finished', phase: 'steps', id: 's', status: 'failed', durationMs: 5, reason: `exit 1: ${ESC}[31mred${ESC}[0m` }],
    ['a probe reason', { ...base, type: 'probe.finished', phase: 'preconditions', index: 0, name: 'p', ok: false, attempts: 1, reason: `${ESC}[1Aup` }],
    ['a skip reason', { ...base, type: 'step.skipped', phase: 'steps', id: 's', status: 'skipped', reason: `${ESC}[H\u009b2Jx` }],
    ['step output', { ...base, type: 'step.output', id: 's', stream: 'stdout', text: `${ESC}[2Kline` } as RunEvent],
    ['a run reason', { ...base, type: 'run.finished', status: 'failed', exitCode: 1, durationMs: 3, reason: `bad\u0007${ESC}[?1049h` } as RunEvent],
  ])('neutralises escape sequences in %s', (_what, event) => {
    const line = describeEvent(event);
    for (const control of [ESC, '\u0007', '\u009b']) expect(line).not.toContain(control);
  });

  it('keeps the readable text of a command', () => {
    const line = describeEvent({ ...base, type: 'step.started', phase: 'steps', id: 'clean', name: 'clean', index: 0, total: 1, kind: 'run', command: `rm -rf /srv/cache/${ESC}[31mold` });
    expect(line).toBe('02:00:00.000  clean: started $ rm -rf /srv/cache/old');
  });
});
