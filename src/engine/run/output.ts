// Captures one action's output: decoded (bad UTF-8 never throws), redacted, streamed to a capped log
// and to reporters, with bounded memory: the value for templates is capped, the log keeps head + tail.
// ASCII output stays bytes up to the reporters (see OutputCapture.push): searched, logged and counted as bytes.
import { isAscii } from 'node:buffer';
import { closeSync, openSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { tuneForBulkOutput, BULK_OUTPUT_BYTES } from './heap.js';
import type { Journal } from './journal.js';
import type { RedactingStream, Redactor } from './redact-stream.js';

export interface OutputLimits {
  /** Bytes of each step log written before the truncation marker. */
  logCapBytes: number;
  /** Bytes of stdout (and of stderr) kept in memory as the step's output value. */
  valueCapBytes: number;
  /** Characters of the end of the output kept in memory (for the log's tail and failure reasons). */
  tailChars: number;
}

export const defaultOutputLimits: OutputLimits = {
  logCapBytes: 8 * 1024 * 1024,
  valueCapBytes: 1024 * 1024,
  tailChars: 16 * 1024,
};

type StreamName = 'stdout' | 'stderr';

class CappedBytes {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    if (this.size >= this.cap) {
      this.truncated = true;
      return;
    }
    const room = this.cap - this.size;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(Buffer.from(part));
    this.size += part.length;
  }
  text(): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(this.chunks));
  }
}

/** Output as text, or as the bytes of ASCII text (each byte one character). */
type Piece = string | Buffer;

/**
 * The last `max` characters of a stream of texts, kept by reference (no copying per chunk). ASCII bytes
 * (each one character) are kept as bytes, the last `max` of them copied into a buffer kept for the
 * purpose and decoded only when asked for: a step printing gigabytes makes no string per chunk here.
 */
class TextTail {
  private parts: string[] = [];
  private length = 0;
  /** The tail as bytes (ASCII, each one character): its last `held` bytes, while `parts` is empty. */
  private bytes: Buffer | undefined;
  private held = 0;
  constructor(private readonly max: number) {}
  push(piece: Piece): void {
    if (piece.length === 0 || this.max <= 0) return;
    if (typeof piece !== 'string' && (this.parts.length === 0 || piece.length >= this.max)) {
      this.pushBytes(piece);
      return;
    }
    this.settle();
    const text = typeof piece === 'string' ? piece : piece.toString('latin1', Math.max(0, piece.length - this.max));
    this.parts.push(text);
    this.length += text.length;
    while (this.parts.length > 1 && this.length - this.parts[0]!.length >= this.max) this.length -= this.parts.shift()!.length;
  }
  text(): string {
    this.settle();
    const all = this.parts.join('');
    this.parts = all ? [all] : [];
    return all.length > this.max ? all.slice(all.length - this.max) : all;
  }
  clear(): void {
    this.parts = [];
    this.length = 0;
    this.held = 0;
  }
  /** Bytes after bytes (or nothing): the buffer's end moves up, the piece copied after it. */
  private pushBytes(piece: Buffer): void {
    this.parts = [];
    this.length = 0;
    const max = this.max;
    this.bytes ??= Buffer.allocUnsafeSlow(max);
    if (piece.length >= max) {
      piece.copy(this.bytes, 0, piece.length - max);
      this.held = max;
      return;
    }
    const keep = Math.min(this.held, max - piece.length);
    if (keep > 0 && keep !== this.held) this.bytes.copyWithin(0, this.held - keep, this.held);
    piece.copy(this.bytes, keep);
    this.held = keep + piece.length;
  }
  /** Held bytes become the one text part. */
  private settle(): void {
    if (this.held === 0) return;
    this.parts = [this.bytes!.toString('latin1', 0, this.held)];
    this.length = this.held;
    this.held = 0;
  }
}

/** The step log: the first `cap` bytes, then a marker and the last characters of the output. */
class StepLog {
  private fd: number | undefined;
  private written = 0;
  private dropped = 0;
  private readonly tail: TextTail;
  private opened = false;
  constructor(
    private readonly journal: Journal,
    private readonly path: string,
    private readonly cap: number,
    tailChars: number,
  ) {
    this.tail = new TextTail(tailChars);
  }
  /** Opened on the first write: a step without output leaves no log file. */
  private open(): boolean {
    if (!this.opened) {
      this.opened = true;
      this.journal.guard(this.path, () => {
        this.fd = openSync(this.path, 'a');
      });
    }
    return this.fd !== undefined;
  }
  write(text: Piece): void {
    if (text.length === 0 || !this.open()) return;
    if (this.written >= this.cap) {
      // Beyond the cap only a count and the tail are kept: no encoding, no copy.
      this.dropped += typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
      this.tail.push(text);
      return;
    }
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const room = this.cap - this.written;
    if (room > 0) {
      // Fill the log up to the cap, cutting at a UTF-8 character boundary.
      let cut = Math.min(room, bytes.length);
      while (cut < bytes.length && cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
      const head = bytes.subarray(0, cut);
      const fd = this.fd;
      if (fd === undefined) return;
      if (this.journal.guard(this.path, () => writeSync(fd, head))) this.written += head.length;
      if (cut === bytes.length) return;
      this.written = this.cap;
      const rest = bytes.subarray(cut);
      this.dropped += rest.length;
      this.tail.push(typeof text === 'string' ? rest.toString('utf8') : rest);
    }
  }
  close(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    if (this.dropped > 0) {
      const tail = this.tail.text();
      const marker = `\n[${this.journal.t('output.truncated', { dropped: this.dropped, cap: this.cap, kept: tail.length })}]\n`;
      this.journal.guard(this.path, () => writeSync(fd, marker + tail));
    }
    closeSync(fd);
    this.fd = undefined;
  }
}

export interface CapturedOutput {
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  /** The end of the combined output, redacted: for failure reasons. */
  tail: string;
}

/** Bytes of output read in this process so far (see heap.ts). */
let outputBytes = 0;

/** One capture per step (all attempts append to the same log). */
export class OutputCapture {
  // StringDecoder: like TextDecoder (bad bytes become U+FFFD, a character split across chunks waits for
  // its end) at several times the speed on streamed chunks.
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly redacting: Record<StreamName, RedactingStream>;
  /** False while a decoder may hold the start of a character (the stream's last chunk was not ASCII). */
  private readonly clean = { stdout: true, stderr: true };
  private values = { stdout: new CappedBytes(0), stderr: new CappedBytes(0) };
  private readonly tail: TextTail;
  private readonly log: StepLog | undefined;

  constructor(
    private readonly limits: OutputLimits,
    redactor: Redactor,
    /** Text, or ASCII bytes valid only during the call (Emitter.output). */
    private readonly emit: (stream: StreamName, piece: Piece) => void,
    journal: Journal | undefined,
    /** The log's name (`two`, `two.check`, …): also how the run's process groups are named in groups.jsonl. */
    readonly logName: string,
    /** Backpressure from the reporters the output is emitted to (see Reporter.congested). */
    private readonly whenDrained?: () => Promise<void> | undefined,
  ) {
    this.redacting = { stdout: redactor.stream(), stderr: redactor.stream() };
    this.tail = new TextTail(limits.tailChars);
    this.log = journal ? new StepLog(journal, journal.stepLogPath(logName), limits.logCapBytes, limits.tailChars) : undefined;
  }

  /** Starts a new attempt: the output value holds only the latest attempt's output. */
  beginAttempt(): void {
    this.values = { stdout: new CappedBytes(this.limits.valueCapBytes), stderr: new CappedBytes(this.limits.valueCapBytes) };
    this.tail.clear();
  }

  /** A promise while the reporters are behind with this output: the process's pipes wait for it. */
  congested(): Promise<void> | undefined {
    return this.whenDrained?.();
  }

  /** Writes a line of runbook's own (attempt headers) to the log only. */
  note(text: string): void {
    this.log?.write(text);
  }

  /**
   * One chunk of a stream. An ASCII chunk (most output) after a clean decoder takes the byte path: its
   * bytes are its characters, so it is searched for secrets as bytes, goes to the log and the tail as
   * bytes, and to the reporters as bytes (Emitter.output: text for those that want it). Anything else —
   * a secret or the start of one held back, an ESC or a tab, a byte over 0x7f — is decoded and goes the
   * text path, which masks secrets however they are written. The chunk is valid only during the call.
   */
  push(stream: StreamName, chunk: Buffer): void {
    if (outputBytes < BULK_OUTPUT_BYTES && (outputBytes += chunk.length) >= BULK_OUTPUT_BYTES) tuneForBulkOutput();
    this.values[stream].push(chunk);
    if (chunk.length === 0) return;
    const ascii = isAscii(chunk);
    if (ascii && this.clean[stream]) {
      const safe = this.redacting[stream].pushAscii(chunk);
      if (safe) return this.forward(stream, safe);
    }
    // After an ASCII chunk the decoder holds nothing: an ASCII byte ends any character it had started.
    this.clean[stream] = ascii;
    this.forward(stream, this.redacting[stream].push(this.decoders[stream].write(chunk)));
  }

  private forward(stream: StreamName, safe: Piece): void {
    if (safe.length === 0) return;
    this.tail.push(safe);
    this.log?.write(safe);
    // ASCII bytes go to the reporters as they are (a view of the buffer the pipe was read into: no string
    // and no allocation per chunk, src/process/pump.ts); a reporter that wants text makes it (Emitter.output).
    // Whole: a chunk split for the reporters would be written in as many calls, each a wake-up of stdout's reader.
    this.emit(stream, safe);
  }

  /** Flushes the decoders and held-back partial secrets at the end of an attempt. */
  endAttempt(): CapturedOutput {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].end();
      this.clean[stream] = true;
      const safe = this.redacting[stream].push(rest) + this.redacting[stream].end();
      if (safe.length > 0) {
        this.tail.push(safe);
        this.log?.write(safe);
        this.emit(stream, safe);
      }
    }
    return {
      stdout: this.values.stdout.text(),
      stderr: this.values.stderr.text(),
      stdoutTruncated: this.values.stdout.truncated,
      tail: this.tail.text(),
    };
  }

  close(): void {
    this.log?.close();
  }
}

/** The last non-empty line of a text, shortened: what a failure reason quotes. */
export function lastLine(text: string, max = 200): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines[lines.length - 1] ?? '';
  return line.length > max ? line.slice(0, max - 1) + '…' : line;
}
