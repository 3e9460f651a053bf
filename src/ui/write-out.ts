// Writing reporter output fast: bytes given as Latin-1 text, and several pieces in one write(v) without joining them first.
import type { Writable } from 'node:stream';

/** Text to write: characters, or bytes as Latin-1 characters (written with the 'latin1' encoding). */
export type Out = string | { latin1: string };

/**
 * Writes the pieces in order. On a stream that can be corked they go out as one writev, each piece
 * copied once: joining them first would make V8 copy a large string once more to flatten it.
 */
export function writeOut(stream: NodeJS.WritableStream, pieces: readonly Out[]): void {
  const writable = stream as Partial<Writable>;
  const cork = pieces.length > 1 && typeof writable.cork === 'function' && typeof writable.uncork === 'function';
  if (cork) writable.cork!();
  for (const piece of pieces) {
    if (typeof piece === 'string') stream.write(piece);
    else stream.write(piece.latin1, 'latin1');
  }
  if (cork) writable.uncork!();
}
