// ASCII output takes a byte path through OutputCapture (no decoding): it must mask, decode and cap exactly as the text path does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../../src/engine/redact.js';
import { OutputCapture, defaultOutputLimits, type OutputLimits } from '../../../src/engine/run/output.js';
import { Redactor } from '../../../src/engine/run/redact-stream.js';
import type { Journal } from '../../../src/engine/run/journal.js';
import { engineText } from '../../../src/i18n/engine.js';
import { sanitizeText } from '../../../src/ui/sanitize.js';
import { random } from '../../helpers/random.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SECRET = 'hunter2-Sup3r-secret';

/** A capture whose emitted chunks, log and end-of-attempt result can be read back. */
function capture(secrets: string[], limits: Partial<OutputLimits> = {}) {
  const dir = tempDir();
  // What OutputCapture uses of a journal: its guarded writes, the log's path and the run's language (the log's marker).
  const journal = { guard: (_path: string, write: () => void) => (write(), true), stepLogPath: (name: string) => join(dir, `${name}.log`), t: engineText('en') } as unknown as Journal;
  const emitted: { stream: string; text: string }[] = [];
  const shared = Buffer.alloc(1024 * 1024);
  const out = new OutputCapture(
    { ...defaultOutputLimits, ...limits },
    new Redactor(secrets),
    // Bytes are valid only during the call (Emitter.output): read them now, as a reporter does.
    (stream, piece) => emitted.push({ stream, text: typeof piece === 'string' ? piece : piece.toString('latin1') }),
    journal,
    'step',
  );
  out.beginAttempt();
  return {
    // Each chunk is read into one buffer, overwritten after the call, as src/process/pump.ts reads pipes:
    // nothing of a chunk may be kept by reference.
    push: (...chunks: (string | Buffer)[]) =>
      chunks.forEach((c) => {
        const bytes = typeof c === 'string' ? Buffer.from(c, 'latin1') : c;
        const view = shared.subarray(0, bytes.length);
        bytes.copy(view);
        out.push('stdout', view);
        view.fill(0x23);
      }),
    end: () => {
      const result = out.endAttempt();
      out.close();
      return { result, text: emitted.map((e) => e.text).join(''), emitted, log: existsSync(join(dir, 'step.log')) ? readFileSync(join(dir, 'step.log'), 'utf8') : '' };
    },
  };
}

describe('output as bytes', () => {
  it('takes the byte path for plain ASCII and gives the same text, log and value', () => {
    const c = capture([SECRET]);
    c.push('line one\n', 'line two\n');
    const { result, text, emitted, log } = c.end();
    expect(emitted.map((e) => e.text)).toEqual(['line one\n', 'line two\n']);
    expect(text).toBe('line one\nline two\n');
    expect(log).toBe(text);
    expect(result.stdout).toBe(text);
    expect(result.tail).toBe(text);
  });

  it('masks a secret inside an ASCII chunk', () => {
    const c = capture([SECRET]);
    c.push(`token=${SECRET} ok\n`);
    const { result, text, log } = c.end();
    for (const sink of [text, log, result.tail]) expect(sink).toBe(`token=${MASK} ok\n`);
  });

  it('masks a secret straddling two ASCII chunks at every cut', () => {
    const printed = `before ${SECRET} after\n`;
    for (let at = 1; at < printed.length; at++) {
      const c = capture([SECRET]);
      c.push(printed.slice(0, at), printed.slice(at));
      const { result, text, log } = c.end();
      for (const sink of [text, log, result.tail]) expect(sink, `cut at ${at}`).toBe(`before ${MASK} after\n`);
    }
  });

  it('masks a secret cut into many small ASCII chunks', () => {
    const c = capture([SECRET]);
    const printed = `x ${SECRET} y ${SECRET}\n`;
    for (let i = 0; i < printed.length; i += 3) c.push(printed.slice(i, i + 3));
    expect(c.end().text).toBe(`x ${MASK} y ${MASK}\n`);
  });

  it('masks a secret with an escape sequence inside, in a chunk that is otherwise plain ASCII', () => {
    const c = capture([SECRET]);
    c.push(`a ${SECRET.slice(0, 7)}\u001b[0m${SECRET.slice(7)} b\n`);
    const { text, log } = c.end();
    for (const sink of [text, log]) {
      expect(sanitizeText(sink)).not.toContain(SECRET);
      expect(sink).toContain(MASK);
    }
  });

  it('masks a secret whose escape sequence arrives in the next chunk', () => {
    const c = capture([SECRET]);
    c.push(`a ${SECRET.slice(0, 7)}`, `\u001b[1m${SECRET.slice(7)} b\n`);
    expect(sanitizeText(c.end().text)).toBe(`a ${MASK} b\n`);
  });

  it('decodes a character split across chunks, also when an ASCII chunk comes between its bytes', () => {
    const bytes = [Buffer.from('ab\xc3', 'latin1'), Buffer.from('cd'), Buffer.from([0xa9]), Buffer.from('ef\xc3', 'latin1'), Buffer.from([0xa9]), Buffer.from('gh\n')];
    const c = capture([SECRET]);
    c.push(...bytes);
    const { text, log, result } = c.end();
    const expected = new TextDecoder().decode(Buffer.concat(bytes));
    expect(expected).toBe('ab\ufffdcd\ufffdefégh\n');
    for (const sink of [text, log, result.stdout]) expect(sink).toBe(expected);
  });

  it('keeps the end of the output as the tail and in the log, for any mix of chunk sizes, bytes and text', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const tailChars = 1 + Math.floor(next() * 40);
      const logCapBytes = Math.floor(next() * 60);
      const c = capture([SECRET], { logCapBytes, tailChars });
      const chunks: string[] = [];
      for (let n = Math.floor(next() * 12); n > 0; n--) {
        const size = Math.floor(next() * (next() < 0.3 ? 3 * tailChars : tailChars));
        // Mostly ASCII (the byte path); sometimes a character over 0x7f (the text path), whole in its chunk.
        chunks.push(Array.from({ length: size }, () => (next() < 0.05 ? 'é' : String.fromCharCode(97 + Math.floor(next() * 26)))).join(''));
      }
      c.push(...chunks.map((chunk) => Buffer.from(chunk, 'utf8')));
      const all = chunks.join('');
      const { result, text, log } = c.end();
      expect(text, `seed ${seed}`).toBe(all);
      expect(result.tail, `seed ${seed}`).toBe(all.slice(-tailChars));
      // The log: its first logCapBytes (cut back to a character's start), then the marker and the end of the rest.
      const bytes = Buffer.from(all, 'utf8');
      let cut = Math.min(logCapBytes, bytes.length);
      while (cut > 0 && cut < bytes.length && (bytes[cut]! & 0xc0) === 0x80) cut--;
      const rest = bytes.subarray(cut).toString('utf8');
      const end = rest.slice(-tailChars);
      const marker = `\n[runbook: output truncated: ${bytes.length - cut} bytes beyond the ${logCapBytes}-byte log cap were not kept; the last ${end.length} characters follow]\n`;
      expect(log, `seed ${seed}`).toBe(cut === bytes.length ? all : bytes.subarray(0, cut).toString('utf8') + marker + end);
    }
  });

  it('keeps the log cap and its marker with the tail when the output is bytes', () => {
    const c = capture([SECRET], { logCapBytes: 10, tailChars: 6 });
    c.push('0123456789abcdef', 'ghij\n');
    const { log } = c.end();
    expect(log).toBe('0123456789\n[runbook: output truncated: 11 bytes beyond the 10-byte log cap were not kept; the last 6 characters follow]\nfghij\n');
  });
});
