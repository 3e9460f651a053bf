// Step output in bulk, ASCII text formatted by bytes.wat into a ring of WebAssembly memory and written from there.
import { Socket } from 'node:net';
import { ByteMachine, RESERVED_BYTES, SLACK_BYTES } from '../bytes/wasm.js';

/** Shorter output goes the reporters' string path: as fast, without an instance of bytes.wat. */
export const BULK_MIN_CHARS = 1024;
/** The longest text (in characters) formatted here; longer goes the reporters' string path. */
const MAX_TEXT = 160 * 1024;
/** Room for texts and what they would take as UTF-8 (3 bytes a character at most): they fit or are not ASCII. */
const INPUT_BYTES = 4 * MAX_TEXT;
/**
 * Output waiting for its stream. The reporters stop the engine from reading more output while over 1 MiB
 * waits (ui/drain.ts): 2 MiB holds that and the largest formatted chunk; more goes the string path.
 */
const RING_BYTES = 2 * 1024 * 1024;
const INPUT = RESERVED_BYTES;
const RING = INPUT + INPUT_BYTES;

/** Output as a string, or as the bytes of ASCII text (each byte one character; Reporter.onOutputBytes). */
type Text = string | Uint8Array;

interface Span {
  start: number;
  end: number;
}

/**
 * Free space in a ring of `size` bytes whose spans are released in the order they were taken (a stream
 * calls back its writes in order; one released early waits for those before it).
 */
export class Ring {
  private readonly live: Span[] = [];
  private readonly done = new Set<Span>();
  constructor(private readonly size: number) {}

  /** Where `size` free bytes start, or -1. */
  reserve(size: number): number {
    if (size > this.size) return -1;
    const oldest = this.live[0];
    const newest = this.live[this.live.length - 1];
    if (!oldest || !newest) return 0;
    if (newest.start >= oldest.start) {
      if (newest.end + size <= this.size) return newest.end;
      return size <= oldest.start ? 0 : -1;
    }
    return newest.end + size <= oldest.start ? newest.end : -1;
  }

  take(start: number, length: number): Span {
    const span = { start, end: start + length };
    this.live.push(span);
    return span;
  }

  release(span: Span): void {
    if (!this.live.includes(span)) return;
    this.done.add(span);
    while (this.live.length > 0 && this.done.delete(this.live[0]!)) this.live.shift();
  }

  get pending(): number {
    return this.live.length;
  }
}

/**
 * Formats and writes ASCII step output without making strings of it: the text is copied once into
 * WebAssembly memory, formatted there in one vectorised pass (lines prefixed, or escaped for JSON), and
 * written straight from that memory — a view, taken back when the stream says it was written. Each
 * method answers false (nothing written) for what it does not take: text that is not ASCII or printable,
 * too long, or a ring still full; the caller then writes it its own way, the same bytes more slowly.
 */
export class BulkOut {
  private readonly ring = new Ring(RING_BYTES);
  /** Bytes written from the ring so far. */
  written = 0;
  /** Streams that are done with a chunk when they call back (sockets, pipes, TTYs, stdout as a file). */
  private readonly zeroCopy: boolean;

  private constructor(
    private readonly machine: ByteMachine,
    private readonly stream: NodeJS.WritableStream,
  ) {
    this.zeroCopy = stream instanceof Socket || stream === process.stdout || stream === process.stderr;
  }

  static create(stream: NodeJS.WritableStream): BulkOut | undefined {
    const machine = ByteMachine.create(RING + RING_BYTES + SLACK_BYTES);
    return machine ? new BulkOut(machine, stream) : undefined;
  }

  /**
   * `prefix + lines + "\n"`, every newline of `before + text.slice(0, end)` followed by `prefix` and every
   * tab 4 spaces: what the plain reporter prints for complete lines of printable ASCII.
   */
  lines(prefix: Buffer, before: string, text: Text, end: number): boolean {
    if (prefix.length > 16 || !this.input(before, 0) || !this.input(text, before.length)) return false;
    const length = before.length + end;
    const at = this.reserve(prefix.length + length * Math.max(prefix.length + 1, 4) + 1);
    if (at < 0) return false;
    const memory = this.machine.memory;
    memory.fill(0, 0, 16);
    prefix.copy(memory, 0);
    prefix.copy(memory, at);
    const written = this.machine.exports.plain(INPUT, length, at + prefix.length, prefix.length);
    if (written < 0) return false;
    memory[at + prefix.length + written] = 0x0a;
    this.write(at, prefix.length + written + 1);
    return true;
  }

  /** `head + text (escaped as in a JSON string) + tail`, `head` and `tail` ASCII: an NDJSON line. */
  jsonLine(head: string, text: Text, tail: string): boolean {
    if (!this.input(text, 0)) return false;
    // Room for head and tail as UTF-8 too: told they are ASCII only once written.
    const at = this.reserve(3 * (head.length + tail.length) + text.length * 6);
    if (at < 0) return false;
    const memory = this.machine.memory;
    if (memory.write(head, at, 3 * head.length, 'utf8') !== head.length) return false;
    const written = this.machine.exports.json(INPUT, text.length, at + head.length);
    if (written < 0) return false;
    const end = at + head.length + written;
    if (memory.write(tail, end, 3 * tail.length, 'utf8') !== tail.length) return false;
    this.write(at, end + tail.length - at);
    return true;
  }

  /**
   * Copies `text` into the input at `offset`: false unless it fits and is ASCII (one byte a character).
   * Bytes are copied as they are: the routines refuse any byte over 0x7f.
   */
  private input(text: Text, offset: number): boolean {
    if (offset + text.length > MAX_TEXT) return false;
    if (text.length === 0) return true;
    if (typeof text !== 'string') {
      this.machine.memory.set(text, INPUT + offset);
      return true;
    }
    return this.machine.memory.write(text, INPUT + offset, 3 * text.length, 'utf8') === text.length;
  }

  /** Where `size` bytes (and the routines' slack) can be written in the ring, as an address; -1 when full. */
  private reserve(size: number): number {
    const start = this.ring.reserve(size + SLACK_BYTES);
    return start < 0 ? -1 : RING + start;
  }

  private write(at: number, length: number): void {
    const view = this.machine.memory.subarray(at, at + length);
    if (!this.zeroCopy) {
      this.stream.write(Buffer.from(view));
      return;
    }
    this.written += length;
    const span = this.ring.take(at - RING, length);
    try {
      this.stream.write(view, () => this.ring.release(span));
    } catch (error) {
      // Not written (a file on a full disk throws from write): no callback will give the space back.
      this.ring.release(span);
      throw error;
    }
  }

  /** Writes from the ring not yet called back by the stream. */
  get pending(): number {
    return this.ring.pending;
  }
}
