// Golden NDJSON for the synthetic run: one object per event, stable field names, parseable line by line.
import { describe, expect, it } from 'vitest';
import { createJsonReporter, formatJsonLine } from '../../src/ui/json.js';
import { allSyntheticEvents } from './synthetic.js';
import { golden } from '../helpers/golden.js';

describe('NDJSON reporter', () => {
  it('writes one JSON object per event, in order', async () => {
    const writes: string[] = [];
    const reporter = createJsonReporter({ stdout: { write: (s: string) => writes.push(s) } as unknown as NodeJS.WritableStream });
    const events = allSyntheticEvents('en');
    for (const event of events) reporter.onEvent(event);
    await reporter.close?.();
    const text = writes.join('');
    await expect(text).toMatchFileSnapshot(golden('ui/events-en.ndjson'));
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toMatchObject({ v: 1, type: events[i]!.type, runId: events[i]!.runId, time: events[i]!.time });
    });
  });

  it('keeps child output verbatim (escaped by JSON, not stripped) and never breaks a line', () => {
    const line = formatJsonLine({ runId: 'r', time: 't', type: 'step.output', id: 's', stream: 'stderr', text: 'a\u001b[31mb\nc\r' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ text: 'a\u001b[31mb\nc\r', stream: 'stderr' });
  });

  it('writes exactly what formatJsonLine makes, also for large plain output written without JSON.stringify', () => {
    const texts = ['a\tb\n"q" \\ back\\slash\n', 'plain', 'x\u001b[31m', 'é and 修复', '\n\n', `${'log line\n'.repeat(10_000)}`];
    for (const text of texts) {
      const event = { runId: 'r', time: 't', type: 'step.output', id: 's', stream: 'stdout', text } as const;
      const writes: string[] = [];
      const reporter = createJsonReporter({ stdout: { write: (s: string, encoding?: string) => writes.push(encoding === 'latin1' ? Buffer.from(s, 'latin1').toString('utf8') : s) } as unknown as NodeJS.WritableStream });
      reporter.onEvent(event);
      expect(writes.join('')).toBe(formatJsonLine(event));
    }
  });

  it("puts an output line's text last whichever path writes it: a target host's output (host after text in the event) gives the same bytes at any size and content", () => {
    const texts = ['plain\n', 'progress 10%\rdone\n', `${'log line\n'.repeat(200)}`, `${'10%\r20%\rdone\n'.repeat(200)}`, `${'é 修复\n'.repeat(200)}`];
    for (const text of texts) {
      // As host-state.ts emits it: `{ ...input, host }`, so `host` comes after `text`.
      const event = { type: 'step.output', id: 's', stream: 'stdout', text, host: 'web1', runId: 'r', time: 't' } as const;
      const writes: string[] = [];
      const reporter = createJsonReporter({ stdout: { write: (s: string | Buffer, encoding?: string) => writes.push(typeof s === 'string' && encoding === 'latin1' ? Buffer.from(s, 'latin1').toString('utf8') : String(s)) } as unknown as NodeJS.WritableStream });
      reporter.onEvent(event);
      const line = writes.join('');
      expect(line, JSON.stringify(text.slice(0, 20))).toBe(formatJsonLine(event));
      expect(Object.keys(JSON.parse(line) as object)).toEqual(['v', 'type', 'runId', 'time', 'id', 'stream', 'host', 'text']);
    }
  });
});
