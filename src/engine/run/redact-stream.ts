// Secret redaction (forms and mask of src/engine/redact.ts) for strings and for streams split anywhere.
import { includesAny } from '../../bytes/search.js';
import { MASK, mapStrings, maskText, mayHideText, pendingStart, pendingSuffix, rootForms, secretForms } from '../redact.js';

export { MASK };

export class Redactor {
  /** Longest first, so a secret containing another is masked whole. */
  readonly needles: readonly string[];
  private readonly roots: readonly string[];
  private readonly longest: number;
  /** The roots' UTF-8 bytes: searched for in output still in bytes (RedactingStream.pushAscii). */
  private readonly rootBytes: readonly Buffer[];

  constructor(secrets: Iterable<string>) {
    this.needles = secretForms([...secrets]);
    this.roots = rootForms(this.needles);
    this.longest = this.needles[0]?.length ?? 0;
    this.rootBytes = this.roots.map((root) => Buffer.from(root, 'utf8'));
  }

  get active(): boolean {
    return this.needles.length > 0;
  }

  /** Masks every occurrence of every secret, also where escape sequences inside it would hide it. */
  redact(text: string): string {
    if (!this.active) return text;
    return maskText(text, this.needles, { roots: this.roots });
  }

  /** Deeply masks every string of a JSON-like value (for plan.json, events, meta). */
  redactDeep<T>(value: T): T {
    if (!this.active) return value;
    return mapStrings(value, (text) => maskText(text, this.needles, { roots: this.roots }));
  }

  /**
   * One chunk of a stream: the text masked, and where its tail that could still turn out to be (part
   * of) a secret starts. Each search over the chunk is done once.
   */
  redactChunk(text: string): { text: string; hold: number } {
    const hides = mayHideText(text);
    const masked = maskText(text, this.needles, { roots: this.roots, hides });
    return { text: masked, hold: pendingStart(masked, this.needles, this.longest, masked === text ? hides : mayHideText(masked)) };
  }

  /**
   * A chunk of ASCII output as bytes: how many of its last bytes could start a secret (to hold back), or
   * -1 when the chunk needs the text path — a secret is in it, or an ESC or a tab that the terminal view
   * would remove or expand (maskText's projection). ASCII bytes are their characters, so the same search
   * on bytes finds what the text path would: a form with a non-ASCII character cannot be in them.
   */
  holdAscii(bytes: Buffer): number {
    if (!this.active) return 0;
    if (bytes.includes(0x1b) || bytes.includes(0x09)) return -1;
    if (includesAny(bytes, this.rootBytes)) return -1;
    const tail = Math.min(this.longest - 1, bytes.length);
    return tail > 0 ? pendingSuffix(bytes.toString('latin1', bytes.length - tail), this.needles, this.longest) : 0;
  }

  stream(): RedactingStream {
    return new RedactingStream(this);
  }
}

/**
 * Redacts a text stream chunk by chunk; a secret split across chunks (or lines, or by escape
 * sequences the terminal view removes) is still masked.
 */
export class RedactingStream {
  private carry = '';
  constructor(private readonly redactor: Redactor) {}

  /** Returns the text safe to emit now. */
  push(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const { text, hold } = this.redactor.redactChunk(this.carry + chunk);
    this.carry = text.slice(hold);
    return text.slice(0, hold);
  }

  /**
   * An ASCII chunk as bytes: the bytes safe to emit now (a view of the chunk), or undefined when it must
   * take the text path (push) — something is held back from the chunk before, or holdAscii says so.
   */
  pushAscii(chunk: Buffer): Buffer | undefined {
    if (this.carry !== '') return undefined;
    const hold = this.redactor.holdAscii(chunk);
    if (hold < 0) return undefined;
    if (hold > 0) this.carry = chunk.toString('latin1', chunk.length - hold);
    return hold > 0 ? chunk.subarray(0, chunk.length - hold) : chunk;
  }

  /** Returns whatever was held back (it cannot be a secret any more). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}
