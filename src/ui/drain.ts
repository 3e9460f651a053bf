// Backpressure of a reporter's output stream: when a pipe's reader falls behind, wait for `drain`.
import type { Writable } from 'node:stream';
import { widenPipe } from '../process/pipe-size.js';

const pending = new WeakMap<NodeJS.WritableStream, Promise<void>>();

/**
 * How much written output may wait for a slow reader before the engine stops reading step output.
 * Well above a stream's high-water mark (16 KiB): pausing at every chunk would run the child, runbook
 * and the reader in lockstep, each waiting for the other, instead of all at once.
 */
export const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * A promise while `stream` holds more than MAX_PENDING_BYTES not yet taken by its reader (a pipe read
 * more slowly than written), resolved on `drain` — all of it taken — or when the stream ends or fails;
 * undefined when it can take more now.
 */
export function whenDrained(stream: NodeJS.WritableStream): Promise<void> | undefined {
  const writable = stream as Partial<Writable>;
  if (!writable.writableNeedDrain || (writable.writableLength ?? 0) < MAX_PENDING_BYTES) return undefined;
  let wait = pending.get(stream);
  if (!wait) {
    // The reader is behind: a pipe of 1 MiB lets it take more at each turn (process/pipe-size.ts).
    const fd = (stream as { fd?: unknown }).fd;
    if (typeof fd === 'number') widenPipe(fd);
    wait = new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        pending.delete(stream);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
    pending.set(stream, wait);
  }
  return wait;
}
