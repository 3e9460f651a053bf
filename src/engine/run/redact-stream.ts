// Secret redaction (forms and mask of src/engine/redact.ts) for strings and for streams split anywhere.
import { MASK, secretForms } from '../redact.js';

export { MASK };

/** The forms of a secret that are masked: those of src/engine/redact.ts, plus URL-encoded. */
function formsOf(secrets: Iterable<string>): string[] {
  const list = [...secrets].filter((s) => typeof s === 'string' && s.length > 0);
  const forms = new Set(secretForms(list));
  for (const secret of list) {
    try {
      forms.add(encodeURIComponent(secret));
    } catch {
      // lone surrogates cannot be URL-encoded; the other forms are still masked
    }
  }
  return [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
}

export class Redactor {
  /** Longest first, so a secret containing another is masked whole. */
  readonly needles: readonly string[];
  private readonly longest: number;

  constructor(secrets: Iterable<string>) {
    this.needles = formsOf(secrets);
    this.longest = this.needles[0]?.length ?? 0;
  }

  get active(): boolean {
    return this.needles.length > 0;
  }

  /** Masks every occurrence of every secret. */
  redact(text: string): string {
    if (!this.active || text.length === 0) return text;
    let out = text;
    for (const needle of this.needles) {
      if (out.includes(needle)) out = out.split(needle).join(MASK);
    }
    return out;
  }

  /** Deeply masks every string of a JSON-like value (for plan.json, events, meta). */
  redactDeep<T>(value: T): T {
    if (!this.active) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
        return out;
      }
      return v;
    };
    return walk(value) as T;
  }

  /**
   * Length of the longest suffix of `text` that is a proper prefix of some secret: that much must be
   * held back until the next chunk tells whether it completes a secret.
   */
  pendingSuffix(text: string): number {
    const max = Math.min(this.longest - 1, text.length);
    for (let k = max; k > 0; k--) {
      const tail = text.slice(text.length - k);
      if (this.needles.some((needle) => needle.length > k && needle.startsWith(tail))) return k;
    }
    return 0;
  }

  stream(): RedactingStream {
    return new RedactingStream(this);
  }
}

/** Redacts a text stream chunk by chunk; a secret split across chunks (or lines) is still masked. */
export class RedactingStream {
  private carry = '';
  constructor(private readonly redactor: Redactor) {}

  /** Returns the text safe to emit now. */
  push(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const text = this.redactor.redact(this.carry + chunk);
    const hold = this.redactor.pendingSuffix(text);
    this.carry = text.slice(text.length - hold);
    return text.slice(0, text.length - hold);
  }

  /** Returns whatever was held back (it cannot be a secret any more). */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return rest;
  }
}
