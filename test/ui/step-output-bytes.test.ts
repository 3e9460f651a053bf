// The live view's output kept from bytes (appendOutputBytes) is what it keeps from the same text (appendOutput).
import { describe, expect, it } from 'vitest';
import { appendOutput, appendOutputBytes, freshOutput, keptOutput, mergeOutput, outputTail, settleOutput, TAIL_KEEP } from '../../src/ui/step-output.js';
import { random } from '../helpers/random.js';
import { applyEvent, applyOutputBytes, createRunView, takeDone } from '../../src/ui/run-view.js';

/** A chunk of ASCII output: many short lines, a few, long ones (cut at 1,000 in the view), or none ending. */
function chunk(rand: () => number): string {
  const kind = rand();
  const lines = kind < 0.3 ? Math.floor(rand() * (TAIL_KEEP + 3)) : Math.floor(rand() * 3000);
  const length = () => (rand() < 0.05 ? 900 + Math.floor(rand() * 300) : Math.floor(rand() * 40));
  let text = '';
  for (let i = 0; i < lines; i++) text += `${i}:${'x'.repeat(length())}\n`;
  if (rand() < 0.5) text += 'partial'.repeat(Math.floor(rand() * 200));
  return text;
}

describe('appendOutputBytes', () => {
  it('keeps the same first and last lines, line count and partial line as the text path, over any chunks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const text = freshOutput('s');
      const bytes = freshOutput('s');
      for (let n = 1 + Math.floor(rand() * 6); n > 0; n--) {
        const piece = chunk(rand);
        appendOutput(text, piece);
        // As the engine gives it: valid during the call, overwritten after.
        const buffer = Buffer.from(piece, 'latin1');
        appendOutputBytes(bytes, buffer);
        buffer.fill(0x21);
        // The count is kept as chunks come; the lines are made when read (a frame, a finished step), so
        // several chunks may come between two reads.
        expect(bytes.count, `seed ${seed}`).toBe(text.count);
        if (rand() < 0.5) {
          expect(outputTail(bytes), `seed ${seed}`).toEqual(outputTail(text));
          expect(bytes, `seed ${seed}`).toEqual(text);
        }
      }
      // What a finished step keeps, from either end, read from bytes not made lines yet.
      const fromEnd = rand() < 0.5;
      expect(keptOutput(bytes, fromEnd), `seed ${seed}`).toEqual(keptOutput(text, fromEnd));
      settleOutput(bytes);
      expect(bytes, `seed ${seed}`).toEqual(text);
    }
  });
});

describe('bytes and text chunks into one output, read at any time', () => {
  it('keeps what the text path keeps when a text chunk, a small bytes chunk and a large one follow each other', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const text = freshOutput('s');
      const mixed = freshOutput('s');
      for (let n = 1 + Math.floor(rand() * 8); n > 0; n--) {
        const piece = (rand() < 0.3 ? 'continued' : '') + chunk(rand);
        appendOutput(text, piece);
        // The engine gives text (not ASCII, or a reporter wrapped) or bytes, chunk by chunk.
        if (rand() < 0.3) appendOutput(mixed, piece);
        else appendOutputBytes(mixed, Buffer.from(piece, 'latin1'));
        expect(mixed.count, `seed ${seed}`).toBe(text.count);
        if (rand() < 0.3) expect(outputTail(mixed), `seed ${seed}`).toEqual(outputTail(text));
      }
      const fromEnd = rand() < 0.5;
      expect(keptOutput(mixed, fromEnd), `seed ${seed}`).toEqual(keptOutput(text, fromEnd));
    }
  });

  it('a failed step keeps its last lines from bytes no frame read, and the next step starts empty', () => {
    const view = createRunView(undefined, 'en');
    const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
    const head = { ...base, type: 'step.output', id: 'big', stream: 'stdout' } as const;
    applyEvent(view, { ...base, type: 'step.started', phase: 'steps', id: 'big', name: 'big', index: 1, total: 2, kind: 'run' }, 'en');
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i + 1}`);
    applyOutputBytes(view, head, Buffer.from(lines.slice(0, 30_000).join('\n') + '\n', 'latin1'));
    applyOutputBytes(view, head, Buffer.from(lines.slice(30_000).join('\n') + '\nthe error is here\n', 'latin1'));
    applyEvent(view, { ...base, type: 'step.finished', phase: 'steps', id: 'big', status: 'failed', durationMs: 5, exitCode: 1 }, 'en');
    const row = takeDone(view).find((item) => item.kind === 'row');
    expect(row).toMatchObject({ tail: [...lines.slice(-(TAIL_KEEP - 1)), 'the error is here'], more: 50_001 - TAIL_KEEP, moreFirst: true });
    applyEvent(view, { ...base, type: 'step.started', phase: 'steps', id: 'next', name: 'next', index: 2, total: 2, kind: 'run' }, 'en');
    expect(outputTail(view.tail)).toEqual([]);
  });
});

describe('mergeOutput (what the live view thread is sent: a frame of output at a time)', () => {
  it('keeps what appending the same chunks one by one keeps, however they are grouped into deltas', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = random(seed);
      const direct = freshOutput('s');
      const merged = freshOutput('s');
      let delta = freshOutput('s');
      for (let n = 1 + Math.floor(rand() * 10); n > 0; n--) {
        // Now and then a long piece of a line (a progress bar redrawn with \r): lines longer than the view keeps,
        // begun in one delta and ended in another.
        const piece = rand() < 0.2 ? `\r${'p'.repeat(Math.floor(rand() * 700))}` : (rand() < 0.3 ? 'continued' : '') + chunk(rand);
        appendOutput(direct, piece);
        // As the relay collects them: text or bytes (reused by the engine after the call).
        if (rand() < 0.3) appendOutput(delta, piece);
        else {
          const buffer = Buffer.from(piece, 'latin1');
          appendOutputBytes(delta, buffer);
          buffer.fill(0x21);
        }
        // A frame: what was collected is sent and a new delta begins.
        if (rand() < 0.5) {
          mergeOutput(merged, delta);
          delta = freshOutput('s');
          expect(outputTail(merged), `seed ${seed}`).toEqual(outputTail(direct));
        }
      }
      mergeOutput(merged, delta);
      expect(merged.count, `seed ${seed}`).toBe(direct.count);
      const fromEnd = rand() < 0.5;
      expect(keptOutput(merged, fromEnd), `seed ${seed}`).toEqual(keptOutput(direct, fromEnd));
      settleOutput(direct);
      expect(merged, `seed ${seed}`).toEqual(direct);
    }
  });

  it('ends a line longer than the view keeps, redrawn with \\r over several frames, on its last state as chunk by chunk does', () => {
    // A progress bar: 100 states on one line (1,400 characters), the newline after the last.
    const direct = freshOutput('s');
    const merged = freshOutput('s');
    let delta = freshOutput('s');
    for (let i = 1; i <= 100; i++) {
      const piece = `\rprogress ${String(i).padStart(3)}%`;
      appendOutput(direct, piece);
      appendOutput(delta, piece);
      // A frame now and then: the last one before the end holds states 96 to 100 and the newline.
      if (i % 10 === 5) {
        mergeOutput(merged, delta);
        delta = freshOutput('s');
      }
    }
    appendOutput(direct, '\n');
    appendOutput(delta, '\n');
    mergeOutput(merged, delta);
    // What the finished row shows: the line's last state (sanitised to its last \r segment where drawn).
    const shown = (output: typeof merged) => keptOutput(output, false).lines.map((line) => line.split('\r').at(-1));
    expect(shown(direct)).toEqual(['progress 100%']);
    expect(shown(merged)).toEqual(['progress 100%']);
    expect(merged).toEqual(direct);
  });
});
