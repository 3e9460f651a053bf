// A child's stdout and stderr read into handlers, with backpressure while a handler's promise is pending.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { SpawnGroupOptions } from './group.js';

/**
 * Every pipe is read into this one buffer (see readInto): a read, and the handler it calls, finish before
 * the next read of any pipe starts, so one buffer serves them all and a step costs no memory for it.
 * 256 KiB: a child's stdout and stderr are socket pairs (libuv makes them so) holding ~200 KiB, so a
 * child printing fast is read in a third of the reads (and handler calls) that 64 KiB takes.
 */
const READ_BUFFER = Buffer.allocUnsafeSlow(256 * 1024);

interface UserBufferSocket {
  _handle?: { useUserBuffer?: (buffer: Uint8Array) => void } | null;
  [key: symbol]: unknown;
}

/** net.Socket's own keys of the `onread` mode (the same symbols for every socket), found once; null: not there. */
let keys: { kBuffer: symbol; kBufferCb: symbol; kBufferGen: symbol } | null | undefined;

function onreadKeys(socket: object): typeof keys {
  const symbols = Object.getOwnPropertySymbols(socket);
  const symbol = (name: string) => symbols.find((s) => s.description === name);
  const [kBuffer, kBufferCb, kBufferGen] = [symbol('kBuffer'), symbol('kBufferCb'), symbol('kBufferGen')];
  return kBuffer && kBufferCb && kBufferGen ? { kBuffer, kBufferCb, kBufferGen } : null;
}

/**
 * Reads `stream` (a child's pipe, as node:child_process makes it) into READ_BUFFER instead of a new
 * Buffer per read — the `onread` mode that net.Socket offers at construction, switched on here before
 * the first read: 64 KiB of memory outside V8's heap per chunk, freed only by a garbage collection, is
 * what made large output slow (docs/performance.md). `onChunk` is given a view of the buffer, valid only
 * until it returns. False when the stream cannot be read so (another runtime): then it stays a stream.
 */
function readInto(stream: Readable, onChunk: (chunk: Buffer) => void): boolean {
  const socket = stream as unknown as UserBufferSocket;
  const handle = socket._handle;
  if (!handle || typeof handle.useUserBuffer !== 'function' || stream.readableLength > 0 || stream.readableEnded) return false;
  keys ??= onreadKeys(socket);
  if (!keys) return false;
  const { kBuffer, kBufferCb, kBufferGen } = keys;
  if (socket[kBuffer] !== null || socket[kBufferCb] !== null || socket[kBufferGen] !== null) return false;
  handle.useUserBuffer(READ_BUFFER);
  socket[kBuffer] = READ_BUFFER;
  socket[kBufferCb] = (nread: number, buffer: Buffer) => {
    onChunk(buffer.subarray(0, nread));
  };
  return true;
}

/**
 * Reads a child's stdout and stderr into the handlers, with backpressure: a pipe is paused while its
 * handler's promise is pending — unless the group is being stopped (`flowAll`): then everything is
 * read, so that the pipes close and the step can end. A handler's chunk is valid only until it returns.
 */
export function pumpOutput(child: ChildProcessByStdio<null, Readable, Readable>, options: Pick<SpawnGroupOptions, 'onStdout' | 'onStderr'>) {
  let held = 0;
  let stopping = false;
  /** When output last arrived (or reading resumed): pipes are given up on only after a quiet DRAIN_MS. */
  let lastData = Date.now();
  const paused = new Set<Readable>();
  const pump = (stream: Readable, handler: (chunk: Buffer) => Promise<void> | void) => {
    const onChunk = (chunk: Buffer) => {
      lastData = Date.now();
      const wait = handler(chunk);
      if (!wait || stopping || paused.has(stream)) return;
      paused.add(stream);
      held++;
      stream.pause();
      const release = () => {
        if (!paused.delete(stream)) return;
        held--;
        lastData = Date.now();
        stream.resume();
      };
      void wait.then(release, release);
    };
    if (!readInto(stream, onChunk)) stream.on('data', onChunk);
  };
  pump(child.stdout, options.onStdout);
  pump(child.stderr, options.onStderr);
  return {
    held: () => held,
    lastData: () => lastData,
    flowAll(): void {
      stopping = true;
      for (const stream of [...paused]) {
        paused.delete(stream);
        held--;
        stream.resume();
      }
    },
  };
}
