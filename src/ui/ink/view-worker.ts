// The live view's thread (src/ui/ink/view-thread.ts): the Ink reporter, fed by messages, writing through messages.
import { PassThrough, Writable } from 'node:stream';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { adoptV8Flags } from '../../../bin/code-cache.js';
import { withBaselineWasm } from './baseline-wasm.js';
import type { FromView, ToView, ViewThreadData } from './view-thread.js';

const port = parentPort!;
const data = workerData as ViewThreadData;
const send = (message: FromView): void => port.postMessage(message);

/** stdout or stderr as the view sees them: each write sent to the run's thread, which writes it to the real one. */
class RelayedOut extends Writable {
  columns: number | undefined;
  rows: number | undefined;
  readonly isTTY: boolean;
  constructor(
    private readonly to: 'stdout' | 'stderr',
    tty: boolean,
  ) {
    super({ decodeStrings: false });
    this.isTTY = tty;
    this.columns = data.columns;
    this.rows = data.rows;
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (text !== '') send({ k: 'write', to: this.to, text });
    done();
  }
}

/** stdin as the view sees it: raw mode asked of the run's thread, the keys it sends pushed here. */
class RelayedIn extends PassThrough {
  readonly isTTY: boolean;
  isRaw = false;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  setRawMode(on: boolean): this {
    if (on !== this.isRaw) send({ k: 'raw', on });
    this.isRaw = on;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * A full collection of this thread's heap once what it holds has grown by GROWTH since the last one, looked at a few
 * times a second. V8 lets an old generation grow by at least 8 MB before it collects; this thread's heap is a second one
 * beside the run's, so a long run paid that step twice (the ink benchmark's peak RSS at 5,000 steps: 105 MB, 101 with
 * this). The collection function is V8's own `gc`, made while `--expose-gc` is set for a moment (a flag, like every
 * flag, is the process's: it is unset again at once, so the code caches' identity is what it was).
 */
function garbageCollector(): () => void {
  const GROWTH = 4 * 1024 * 1024;
  setFlagsFromString('--expose-gc');
  let gc: (() => void) | undefined;
  try {
    gc = runInNewContext('gc') as () => void;
  } catch {
    gc = undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc !== 'function') return () => undefined;
  const collectGarbage = gc;
  let base = getHeapStatistics().used_heap_size;
  let looked = Date.now();
  return () => {
    const now = Date.now();
    if (now - looked < 250) return;
    looked = now;
    if (getHeapStatistics().used_heap_size < base + GROWTH) return;
    collectGarbage();
    base = getHeapStatistics().used_heap_size;
  };
}

const stdout = new RelayedOut('stdout', data.stdoutTTY);
const stderr = new RelayedOut('stderr', false);
const stdin = new RelayedIn(data.inputEnabled);
// The flags the run's thread set (set again by this thread's first code, view-thread-start.ts) are recorded here:
// the cache of the view's libraries is made and checked under them (bin/code-cache.js).
adoptV8Flags(data.v8Flags);
// Yoga's WebAssembly stays on the baseline tier (src/ui/ink/baseline-wasm.ts).
const { createInkReporter } = await withBaselineWasm(() => import('./reporter.js'));
// Compiled: the run's thread may set flags again.
send({ k: 'loaded' });
const reporter = createInkReporter({
  lang: data.lang,
  stdout: stdout as unknown as NodeJS.WriteStream,
  stderr: stderr as unknown as NodeJS.WriteStream,
  stdin: stdin as unknown as NodeJS.ReadStream,
  env: data.env,
  view: data.view,
});

const collect = garbageCollector();

port.on('message', (message: ToView) => {
  switch (message.k) {
    case 'batch':
      collect();
      for (const item of message.items) {
        if ('event' in item) reporter.onEvent(item.event);
        else reporter.onOutputDelta(item.delta);
      }
      return;
    case 'ask': {
      const asking = message.question === 'gate' ? reporter.confirm?.(message.request) : reporter.chooseStep?.(message.request);
      void (asking ?? Promise.resolve('interrupted' as const)).then((value) => send({ k: 'reply', id: message.id, value }));
      return;
    }
    case 'resize':
      stdout.columns = message.columns;
      stdout.rows = message.rows;
      stdout.emit('resize');
      return;
    case 'key':
      stdin.write(Buffer.from(message.data));
      return;
    case 'close':
      void reporter.close().then(() => {
        send({ k: 'closed' });
        // Nothing more comes: the thread ends when what it has left is done.
        port.close();
      });
  }
});
