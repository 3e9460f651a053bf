// Plain lines and NDJSON write a step's started/finished/skipped lines once the next step has been started (off the
// path between one step's exit and the next spawn), without ever reordering what a reader sees.
import './ink/no-color.js';
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Reporter, RunEvent, StepOutputHead } from '../../src/engine/events.js';
import { withBoundariesLater } from '../../src/ui/boundaries-later.js';
import { createReporter } from '../../src/ui/reporter.js';

const base = { runId: 'r1', time: '2026-12-07T10:00:00.000Z' } as const;
const started = (id: string): RunEvent => ({ ...base, type: 'step.started', phase: 'steps', id, name: id, index: 1, total: 2, kind: 'run', command: 'true' });
const finished = (id: string): RunEvent => ({ ...base, type: 'step.finished', phase: 'steps', id, status: 'ok', durationMs: 3, attempts: 1, exitCode: 0 });
const skipped = (id: string): RunEvent => ({ ...base, type: 'step.skipped', phase: 'steps', id, status: 'skipped', reason: 'when false' });
const output = (id: string, text: string): RunEvent => ({ ...base, type: 'step.output', id, stream: 'stdout', text });
const outputHead = (id: string): StepOutputHead => ({ ...base, type: 'step.output', id, stream: 'stdout' });

/** A reporter noting what reaches it, in order. */
function recorder(): { reporter: Reporter; seen: string[] } {
  const seen: string[] = [];
  const reporter: Reporter = {
    onEvent: (event) => seen.push(event.type === 'step.output' ? `output ${event.text}` : `${event.type} ${'id' in event ? event.id : ''}`.trim()),
    onOutputBytes: (_event, bytes) => seen.push(`bytes ${bytes.toString('latin1')}`),
    confirm: async () => {
      seen.push('asked');
      return { approved: true, how: 'typed' } as never;
    },
    chooseStep: async () => {
      seen.push('chose');
      return 'run';
    },
    close: () => {
      seen.push('closed');
    },
  };
  return { reporter, seen };
}

describe('step boundaries written after the next step starts', () => {
  it('hands boundaries over when the event loop next turns, in order', async () => {
    const { reporter, seen } = recorder();
    const later = withBoundariesLater(reporter);
    later.onEvent(finished('a'));
    later.onEvent(started('b'));
    // The engine goes on to spawn step b in this same turn: nothing written yet.
    expect(seen).toEqual([]);
    await turn();
    expect(seen).toEqual(['step.finished a', 'step.started b']);
  });

  it('writes what waits before any other event, so nothing is reordered', async () => {
    const { reporter, seen } = recorder();
    const later = withBoundariesLater(reporter);
    later.onEvent(started('a'));
    later.onEvent(output('a', 'hello'));
    expect(seen).toEqual(['step.started a', 'output hello']);
    later.onEvent(finished('a'));
    later.onEvent(skipped('b'));
    later.onOutputBytes!(outputHead('c'), Buffer.from('bytes of c'));
    expect(seen).toEqual(['step.started a', 'output hello', 'step.finished a', 'step.skipped b', 'bytes bytes of c']);
    later.onEvent(started('d'));
    later.onEvent({
      ...base,
      type: 'run.finished',
      status: 'ok',
      durationMs: 9,
      exitCode: 0,
      counts: { ok: 2, already_done: 0, skipped: 1, failed: 0, rolled_back: 0, rollback_failed: 0 },
      journalDir: '/tmp/journal',
    });
    expect(seen.slice(-2)).toEqual(['step.started d', 'run.finished']);
    // Nothing is handed over twice when the scheduled turn comes.
    await turn();
    expect(seen).toHaveLength(7);
  });

  it('writes what waits before a prompt and when closed', async () => {
    const { reporter, seen } = recorder();
    const later = withBoundariesLater(reporter);
    later.onEvent(started('gate'));
    await later.confirm!({ stepId: 'gate', message: 'go?' } as never);
    later.onEvent(started('next'));
    await later.chooseStep!({ stepId: 'next', name: 'next', kind: 'run', index: 2, total: 2 });
    later.onEvent(finished('next'));
    await later.close?.();
    expect(seen).toEqual(['step.started gate', 'asked', 'step.started next', 'chose', 'step.finished next', 'closed']);
  });

  it('offers only what the reporter has: no prompts for one that cannot ask', () => {
    const later = withBoundariesLater({ onEvent: () => {} });
    expect(later.confirm).toBeUndefined();
    expect(later.chooseStep).toBeUndefined();
    expect(later.onOutputBytes).toBeUndefined();
  });

  it('a reporter that throws loses that event only, and never the process', async () => {
    const seen: string[] = [];
    const later = withBoundariesLater({
      onEvent: (event) => {
        if (event.type === 'step.started') throw new Error('broken reporter');
        seen.push(event.type);
      },
    });
    later.onEvent(started('a'));
    later.onEvent(finished('a'));
    await turn();
    expect(seen).toEqual(['step.finished']);
  });

  it('the plain and NDJSON reporters print every line, in the order of the events', async () => {
    for (const output of ['plain', 'json'] as const) {
      const written: string[] = [];
      const stdout = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
      const reporter = await createReporter({ lang: 'en', output, stdout, stderr: stdout, stdin: { isTTY: false } as NodeJS.ReadStream, env: {} });
      reporter.onEvent(started('first'));
      reporter.onEvent({ ...base, type: 'step.output', id: 'first', stream: 'stdout', text: 'printed by first\n' });
      reporter.onEvent(finished('first'));
      reporter.onEvent(started('second'));
      await turn();
      const text = written.join('');
      const at = (needle: string) => text.indexOf(needle);
      expect(at('first'), output).toBeGreaterThanOrEqual(0);
      expect(at('printed by first'), output).toBeGreaterThan(at('first'));
      expect(at('second'), output).toBeGreaterThan(at('printed by first'));
    }
  });
});
