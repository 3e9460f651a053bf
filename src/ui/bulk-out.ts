// Step output in bulk, ASCII text formatted by bytes.wat into a ring of WebAssembly memory and written from there.
import { Socket } from 'node:net';
import { ByteMachine, RESERVED_BYTES, SLACK_BYTES } from '../bytes/wasm.js';

/** Shorter output goes the reporters' string path: as fast, without an instance of bytes.wat. */
export const BULK_MIN_CHARS = 1024;
/**
 * The longest text (in characters) formatted here; longer goes the reporters' string path. A chunk read
 * from a pipe (256 KiB, src/process/pump.ts) and the start of a line held from the chunk before (64 KiB).
 */
const MAX_TEXT = 320 * 1024;
/** Room for texts and what they would take as UTF-8 (3 bytes a character at most): they fit or are not ASCII. */
const INPUT_BYTES = 4 * MAX_TEXT;
/**
 * Output waiting for its stream. The reporters stop the engine from reading more output while over 1 MiB
 * waits (ui/drain.ts): 4 MiB holds that and a formatted chunk, which takes about what the text took
 * (room for a quarter more is set aside first, and the most it can take only when that was too little).
 * What does not fit goes the string path.
 */
const RING_BYTES = 4 * 1024 * 1024;
/** What the routines answer when the room given was too little (bytes.wat). */
const NO_ROOM = -2;
/** Room the routines need beyond what they write, to see they have enough (bytes.wat: 48). */
const MARGIN = 64;
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

/** Room for formatted text of `bytes`: a quarter more, and the routines' margin. */
function likely(bytes: number): number {
  return bytes + (bytes >> 2) + MARGIN;
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
    const memory = this.machine.memory;
    memory.fill(0, 0, 16);
    prefix.copy(memory, 0);
    // At most: every byte a newline followed by the prefix, or a tab that becomes 4 spaces.
    const most = prefix.length + length * Math.max(prefix.length + 1, 4) + 1 + MARGIN;
    return this.format(likely(prefix.length + length), most, (at, limit) => {
      prefix.copy(memory, at);
      const written = this.machine.exports.plain(INPUT, length, at + prefix.length, prefix.length, limit);
      if (written < 0) return written;
      memory[at + prefix.length + written] = 0x0a;
      return prefix.length + written + 1;
    });
  }

  /** `head + text (escaped as in a JSON string) + tail`, `head` and `tail` ASCII: an NDJSON line. */
  jsonLine(head: string, text: Text, tail: string): boolean {
    if (!this.input(text, 0)) return false;
    // Room for head and tail as UTF-8 too: told they are ASCII only once written.
    const ends = 3 * (head.length + tail.length);
    const memory = this.machine.memory;
    return this.format(likely(ends + text.length), ends + text.length * 6 + MARGIN, (at, limit) => {
      if (memory.write(head, at, 3 * head.length, 'utf8') !== head.length) return -1;
      const written = this.machine.exports.json(INPUT, text.length, at + head.length, limit - 3 * tail.length);
      if (written < 0) return written;
      const end = at + head.length + written;
      if (memory.write(tail, end, 3 * tail.length, 'utf8') !== tail.length) return -1;
      return end + tail.length - at;
    });
  }

  /**
   * Formats with `run` into the ring and writes the result: first in `room` bytes, and when the routine
   * finds that too little, in `most` (what it can never exceed). `run` answers how many bytes it wrote at
   * `at` (all below `limit`), or a negative number: NO_ROOM, or refused. False when refused or the ring is full.
   */
  private format(room: number, most: number, run: (at: number, limit: number) => number): boolean {
    for (const size of room < most ? [room, most] : [most]) {
      const at = this.reserve(size);
      if (at < 0) return false;
      const written = run(at, at + size);
      if (written === NO_ROOM) continue;
      if (written < 0) return false;
      this.write(at, written);
      return true;
    }
    return false;
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

  /** Where `size` bytes can be written in the ring, as an address; -1 when full. */
  private reserve(size: number): number {
    const start = this.ring.reserve(size);
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
