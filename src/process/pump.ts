// A child's stdout and stderr read into handlers, with backpressure while a handler's promise is pending.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { SpawnGroupOptions } from './group.js';

/**
 * Reads a child's stdout and stderr into the handlers, with backpressure: a pipe is paused while its
 * handler's promise is pending — unless the group is being stopped (`flowAll`): then everything is
 * read, so that the pipes close and the step can end.
 */
export function pumpOutput(child: ChildProcessByStdio<null, Readable, Readable>, options: Pick<SpawnGroupOptions, 'onStdout' | 'onStderr'>) {
  let held = 0;
  let stopping = false;
  /** When output last arrived (or reading resumed): pipes are given up on only after a quiet DRAIN_MS. */
  let lastData = Date.now();
  const paused = new Set<Readable>();
  const pump = (stream: Readable, handler: (chunk: Buffer) => Promise<void> | void) => {
    stream.on('data', (chunk: Buffer) => {
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
    });
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
