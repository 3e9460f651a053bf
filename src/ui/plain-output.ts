// The plain reporter's step output: every line prefixed `    │ `, a line's start kept per step until its end comes.
import { BULK_MIN_CHARS, BulkOut } from './bulk-out.js';
import { isPlainAscii, needsSanitizing, sanitizeLine, sanitizeText } from './sanitize.js';
import type { Out } from './write-out.js';

/** Longest line kept in the partial-line buffer before it is printed anyway (a child writing no newline). */
const MAX_PARTIAL = 64 * 1024;

const OUTPUT_PREFIX = '    │ ';
const OUTPUT_PREFIX_UTF8 = Buffer.from(OUTPUT_PREFIX);
/** The prefix's UTF-8 bytes as Latin-1 characters: written with 'latin1', they are the prefix in UTF-8. */
const OUTPUT_PREFIX_BYTES = { latin1: OUTPUT_PREFIX_UTF8.toString('latin1') };
const NEWLINE = { latin1: '\n' };

export interface OutputLinesOptions {
  stdout: NodeJS.WritableStream;
  /** Writes to stdout (the reporter's own way: skipped once the reader went away). */
  out(text: Out | readonly Out[]): void;
  /** False once stdout's reader went away: nothing more is written. */
  writable(): boolean;
  /** Called when lines were written from bytes (not through `out`): the heartbeat counts them. */
  wrote(): void;
}

/** Step output as the plain reporter prints it: complete lines at once, a partial line when its end comes or the step ends. */
export class OutputLines {
  private readonly partial = new Map<string, string>();
  private bulk: BulkOut | null | undefined;

  constructor(private readonly options: OutputLinesOptions) {}

  /** A chunk of a step's output (`id`: the step as its lines show it); `bulk` false: bytes.wat refused it already. */
  text(id: string, text: string, bulk = true): void {
    const lastNl = text.lastIndexOf('\n');
    if (bulk && this.bulkLines(id, text, lastNl)) {
      this.partial.set(id, text.slice(lastNl + 1));
      return;
    }
    const before = this.partial.get(id) ?? '';
    if (lastNl === -1) {
      let line = before + text;
      if (line.length > MAX_PARTIAL) {
        this.options.out(`${OUTPUT_PREFIX}${sanitizeLine(line)}\n`);
        line = '';
      }
      this.partial.set(id, line);
      return;
    }
    this.partial.set(id, text.slice(lastNl + 1));
    // The line completing what was left over is joined on its own; the rest stays a slice of the chunk.
    const firstNl = text.indexOf('\n');
    const pieces = prefixLines(before + text.slice(0, firstNl));
    if (firstNl < lastNl) pieces.push(...prefixLines(text.slice(firstNl + 1, lastNl)));
    this.options.out(pieces);
  }

  /** ASCII output as bytes (Reporter.onOutputBytes): written as bytes when it can be, else as its text. */
  bytes(id: string, bytes: Buffer): void {
    const end = bytes.lastIndexOf(0x0a);
    if (this.bulkLines(id, bytes, end)) this.partial.set(id, bytes.toString('latin1', end + 1));
    // Refused by bytes.wat (or too short): its text would be refused the same way.
    else this.text(id, bytes.toString('latin1'), false);
  }

  /** The step's partial line, printed (its step ended). */
  flush(id: string): void {
    const rest = this.partial.get(id);
    if (rest) this.options.out(`${OUTPUT_PREFIX}${sanitizeLine(rest)}\n`);
    this.partial.delete(id);
  }

  flushAll(): void {
    for (const id of [...this.partial.keys()]) this.flush(id);
  }

  /**
   * The complete lines (up to the newline at `end`) of a large chunk of printable ASCII, formatted and
   * written as bytes (ui/bulk-out.ts): the same bytes as the string path, in one pass and without a
   * string. False, nothing written, for what it does not take; the caller keeps the partial line.
   */
  private bulkLines(id: string, text: string | Buffer, end: number): boolean {
    if (text.length < BULK_MIN_CHARS || end === -1 || !this.options.writable()) return false;
    this.bulk ??= BulkOut.create(this.options.stdout) ?? null;
    if (!this.bulk?.lines(OUTPUT_PREFIX_UTF8, this.partial.get(id) ?? '', text, end)) return false;
    this.options.wrote();
    return true;
  }
}

/**
 * Complete lines of output, sanitised, each prefixed — in a few passes over the whole block, never
 * line by line, so that a step printing a gigabyte costs little. Plain ASCII (most output) is written
 * as bytes directly: a string holding `│` would take two bytes a character and be slow to encode.
 */
function prefixLines(block: string): Out[] {
  if (isPlainAscii(block)) {
    const spaced = block.includes('\t') ? block.replaceAll('\t', '    ') : block;
    return [OUTPUT_PREFIX_BYTES, { latin1: spaced.replaceAll('\n', `\n${OUTPUT_PREFIX_BYTES.latin1}`) }, NEWLINE];
  }
  const safe = needsSanitizing(block) ? sanitizeText(block) : block;
  return [`${OUTPUT_PREFIX}${safe.replaceAll('\n', `\n${OUTPUT_PREFIX}`)}\n`];
}
