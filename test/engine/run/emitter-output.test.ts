// Step output through the Emitter: ASCII bytes to reporters that write bytes, the same output as text events to the others.
import { describe, expect, it } from 'vitest';
import type { Reporter, RunEvent, StepOutputHead } from '../../../src/engine/events.js';
import { Emitter } from '../../../src/engine/run/emitter.js';
import { Redactor } from '../../../src/engine/run/redact-stream.js';

function reporters() {
  const events: RunEvent[] = [];
  const bytes: { head: StepOutputHead; text: string }[] = [];
  const textOnly: Reporter = { onEvent: (event) => events.push(event) };
  const byteReporter: Reporter = {
    onEvent: () => {
      throw new Error('given the event instead of the bytes');
    },
    // Read during the call: the bytes are not the reporter's to keep.
    onOutputBytes: (head, chunk) => bytes.push({ head, text: chunk.toString('latin1') }),
  };
  return { events, bytes, textOnly, byteReporter };
}

describe('Emitter.output', () => {
  it('gives bytes to reporters that take them and a text event, the same characters, to the others', () => {
    const { events, bytes, textOnly, byteReporter } = reporters();
    const throwing: Reporter = { onEvent: () => {}, onOutputBytes: () => { throw new Error('broken reporter'); } };
    const emitter = new Emitter('run-1', [throwing, byteReporter, textOnly], new Redactor([]));
    const chunk = Buffer.from('line one\nline two\n');
    emitter.output({ type: 'step.output', id: 'print', stream: 'stdout' }, chunk);
    chunk.fill(0x21); // the engine reuses its buffer once the call returned
    expect(bytes).toHaveLength(1);
    expect(bytes[0]!.text).toBe('line one\nline two\n');
    expect(bytes[0]!.head).toEqual({ type: 'step.output', id: 'print', stream: 'stdout', runId: 'run-1', time: expect.any(String) });
    expect(events).toEqual([{ ...bytes[0]!.head, text: 'line one\nline two\n' }]);
    expect(Object.keys(events[0]!)).toEqual(['type', 'id', 'stream', 'runId', 'time', 'text']);
  });

  it('sends text output as a step.output event to every reporter', () => {
    const { events, textOnly } = reporters();
    const seen: RunEvent[] = [];
    const emitter = new Emitter('run-1', [{ onEvent: (event) => seen.push(event), onOutputBytes: () => {} }, textOnly], new Redactor([]));
    emitter.output({ type: 'step.output', id: 'print', stream: 'stderr' }, 'naïve\n');
    expect(events).toEqual([expect.objectContaining({ type: 'step.output', id: 'print', stream: 'stderr', text: 'naïve\n', runId: 'run-1' })]);
    expect(seen).toEqual(events);
  });
});
