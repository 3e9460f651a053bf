// Secret redaction (forms and mask of src/engine/redact.ts) for strings and for streams split anywhere.
import { MASK, mapStrings, maskText, mayHideText, pendingStart, rootForms, secretForms } from '../redact.js';

export { MASK };

export class Redactor {
  /** Longest first, so a secret containing another is masked whole. */
  readonly needles: readonly string[];
  private readonly roots: readonly string[];
  private readonly longest: number;

  constructor(secrets: Iterable<string>) {
    this.needles = secretForms([...secrets]);
    this.roots = rootForms(this.needles);
    this.longest = this.needles[0]?.length ?? 0;
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

  /** Returns whatever was held back (it cannot be a secret any more). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}
