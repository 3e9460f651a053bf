// Fake terminal streams for driving the Ink reporter in tests (a TTY stdout with a size, a raw-mode stdin).
import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  isTTY = true;
  columns: number;
  rows: number;
  readonly writes: string[] = [];
  constructor(columns = 100, rows = 30) {
    super();
    this.columns = columns;
    this.rows = rows;
  }
  write = (chunk: string): boolean => {
    this.writes.push(chunk);
    return true;
  };
  get last(): string {
    return this.writes[this.writes.length - 1] ?? '';
  }
  get all(): string {
    return this.writes.join('');
  }
  resize(columns: number, rows = this.rows): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** Like a TTY stdin: raw mode toggles, and keys arrive through `readable` + `read()` as Ink expects. */
export class FakeStdin extends EventEmitter {
  isTTY: boolean;
  rawMode = false;
  rawModeCalls: boolean[] = [];
  private queue: string[] = [];
  constructor(isTTY = true) {
    super();
    this.isTTY = isTTY;
    if (!isTTY) (this as { setRawMode?: unknown }).setRawMode = undefined;
  }
  setRawMode(mode: boolean): this {
    this.rawMode = mode;
    this.rawModeCalls.push(mode);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read = (): string | null => this.queue.shift() ?? null;
  type(text: string): void {
    this.queue.push(text);
    this.emit('readable');
  }
}

export function asWriteStream(s: FakeStdout): NodeJS.WriteStream {
  return s as unknown as NodeJS.WriteStream;
}
export function asReadStream(s: FakeStdin): NodeJS.ReadStream {
  return s as unknown as NodeJS.ReadStream;
}

/** Resolves when `predicate` holds, checking after each write (no fixed sleeps). */
export function waitFor(stdout: FakeStdout, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`timed out; last frame:\n${stdout.last}`));
    }, timeoutMs);
    // Renders are throttled by timers, so also re-check on a short interval.
    const poll = setInterval(() => {
      if (predicate()) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 5);
  });
}
