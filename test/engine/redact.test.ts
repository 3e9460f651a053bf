// A secret is masked as a sanitised terminal would show it: escape sequences inside it, in one chunk or split across many.
import { describe, expect, it } from 'vitest';
import { MASK, maskText, redactText, secretForms } from '../../src/engine/redact.js';
import { Redactor } from '../../src/engine/run/redact-stream.js';
import { sanitizeText } from '../../src/ui/sanitize.js';

const SECRET = 'Sup3rSecretTok';
const head = SECRET.slice(0, 6);
const tail = SECRET.slice(6);

/** What a human sink shows of text: the shared sanitiser. */
const shown = (text: string) => sanitizeText(text);

describe('masking across escape sequences', () => {
  it.each([
    ['a colour reset', `${head}\u001b[0m${tail}`],
    ['a colour change', `${head}\u001b[1;31m${tail}`],
    ['a window title (OSC … BEL)', `${head}\u001b]0;title\u0007${tail}`],
    ['a hyperlink (OSC … ST)', `${head}\u001b]8;;http://x\u001b\\${tail}`],
    ['an 8-bit CSI', `${head}\u009b2J${tail}`],
    ['a DCS string', `${head}\u001bPq#0\u001b\\${tail}`],
    ['a two-character escape', `${head}\u001b(B${tail}`],
    ['several sequences', `${SECRET.slice(0, 3)}\u001b[1m${SECRET.slice(3, 9)}\u001b[0m\u001b[K${SECRET.slice(9)}`],
  ])('masks a secret split by %s', (_what, printed) => {
    const masked = redactText(`before ${printed} after\n`, [SECRET]);
    expect(shown(masked)).not.toContain(SECRET);
    expect(shown(masked)).toBe(`before ${MASK} after\n`);
  });

  it('keeps the sequences that were inside the secret after the mask (a colour reset still resets)', () => {
    expect(redactText(`x ${head}\u001b[0m${tail} y`, [SECRET])).toBe(`x ${MASK}\u001b[0m y`);
  });

  it('masks a secret the sanitiser would join from a tab', () => {
    const secret = 'pass    word';
    expect(shown(redactText('pass\tword', [secret]))).toBe(MASK);
  });

  it('leaves text alone that only looks like a secret once the sequences are gone but is another word', () => {
    const text = `${head}\u001b[0mXYZ and ${tail}`;
    expect(redactText(text, [SECRET])).toBe(text);
  });

  it('masks the quoted and URL-encoded forms too', () => {
    const secret = "a b'c/d";
    const forms = secretForms([secret]);
    expect(forms).toContain(encodeURIComponent(secret));
    expect(maskText(`curl https://x/?t=${encodeURIComponent(secret)}`, forms)).toBe(`curl https://x/?t=${MASK}`);
  });
});

describe('a redacting stream', () => {
  const printed = `line one\nthe token is ${head}\u001b[0m${tail}!\n`;

  /** Every way of cutting `text` into pieces of 1..3 characters, plus a few long cuts. */
  function* cuts(text: string): Generator<string[]> {
    for (const size of [1, 2, 3, 5, 7, 11]) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      yield pieces;
    }
    for (let at = 1; at < text.length; at++) yield [text.slice(0, at), text.slice(at)];
  }

  it('masks a secret with an escape sequence inside, however the output is cut into chunks', () => {
    const redactor = new Redactor([SECRET]);
    for (const pieces of cuts(printed)) {
      const stream = redactor.stream();
      const out = pieces.map((p) => stream.push(p)).join('') + stream.end();
      expect(shown(out), JSON.stringify(pieces)).toBe(`line one\nthe token is ${MASK}!\n`);
    }
  });

  it('masks a secret that holds a tab or an escape as written, however the output is cut into chunks', () => {
    for (const secret of ['pa\tss-word', 'pa\u001b[1mss']) {
      const redactor = new Redactor([secret]);
      const text = `before ${secret} after\n`;
      for (const pieces of cuts(text)) {
        const stream = redactor.stream();
        const out = pieces.map((p) => stream.push(p)).join('') + stream.end();
        expect(out, JSON.stringify(pieces)).not.toContain(secret);
        expect(out, JSON.stringify(pieces)).toContain(MASK);
      }
    }
  });

  it('holds back an unfinished escape sequence that could still hide part of a secret (ESC [ 3 … 1 m)', () => {
    const stream = new Redactor([SECRET]).stream();
    const first = stream.push(`${head}\u001b[3`);
    expect(first).toBe('');
    const rest = stream.push(`1m${tail}\n`) + stream.end();
    expect(shown(first + rest)).toBe(`${MASK}\n`);
  });

  it('lets ordinary output through at once, and coloured output that holds no secret', () => {
    const stream = new Redactor([SECRET]).stream();
    expect(stream.push('hello\n')).toBe('hello\n');
    expect(stream.push('\u001b[32mok\u001b[0m\n')).toBe('\u001b[32mok\u001b[0m\n');
  });

  it('does not hold back an endless unterminated sequence for ever', () => {
    const stream = new Redactor([SECRET]).stream();
    const out = stream.push(`\u001b]0;${'x'.repeat(10_000)}`);
    expect(out.length).toBeGreaterThan(0);
  });
});
