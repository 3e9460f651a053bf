// The live view's output kept from bytes (appendOutputBytes) is what it keeps from the same text (appendOutput).
import { describe, expect, it } from 'vitest';
import { appendOutput, appendOutputBytes, freshOutput, keptOutput, outputTail, settleOutput, TAIL_KEEP } from '../../src/ui/step-output.js';
import { random } from '../helpers/random.js';

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
