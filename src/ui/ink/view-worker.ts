// The live view's thread (src/ui/ink/view-thread.ts): the Ink reporter, fed by messages, writing through messages.
import { PassThrough, Writable } from 'node:stream';
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

const stdout = new RelayedOut('stdout', data.stdoutTTY);
const stderr = new RelayedOut('stderr', false);
const stdin = new RelayedIn(data.inputEnabled);
// The flags the run's thread set are this thread's too (V8's flags are the process's): the cache of the view's
// libraries is made and checked under them (bin/code-cache.js).
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

port.on('message', (message: ToView) => {
  switch (message.k) {
    case 'batch':
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
