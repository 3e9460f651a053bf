// ASCII output takes a byte path through OutputCapture (no decoding): it must mask, decode and cap exactly as the text path does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../../src/engine/redact.js';
import { OutputCapture, defaultOutputLimits, type OutputLimits } from '../../../src/engine/run/output.js';
import { Redactor } from '../../../src/engine/run/redact-stream.js';
import type { Journal } from '../../../src/engine/run/journal.js';
import { sanitizeText } from '../../../src/ui/sanitize.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SECRET = 'hunter2-Sup3r-secret';

/** A capture whose emitted chunks, log and end-of-attempt result can be read back. */
function capture(secrets: string[], limits: Partial<OutputLimits> = {}) {
  const dir = tempDir();
  const journal = { guard: (_path: string, write: () => void) => (write(), true), stepLogPath: (name: string) => join(dir, `${name}.log`) } as unknown as Journal;
  const emitted: { stream: string; text: string }[] = [];
  const out = new OutputCapture(
    { ...defaultOutputLimits, ...limits },
    new Redactor(secrets),
    (stream, text) => emitted.push({ stream, text }),
    journal,
    'step',
  );
  out.beginAttempt();
  return {
    push: (...chunks: (string | Buffer)[]) => chunks.forEach((c) => out.push('stdout', typeof c === 'string' ? Buffer.from(c, 'latin1') : c)),
    end: () => {
      const result = out.endAttempt();
      out.close();
      return { result, text: emitted.map((e) => e.text).join(''), emitted, log: readFileSync(join(dir, 'step.log'), 'utf8') };
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

  it('keeps the log cap and its marker with the tail when the output is bytes', () => {
    const c = capture([SECRET], { logCapBytes: 10, tailChars: 6 });
    c.push('0123456789abcdef', 'ghij\n');
    const { log } = c.end();
    expect(log).toBe('0123456789\n[runbook: output truncated: 11 bytes beyond the 10-byte log cap were not kept; the last 6 characters follow]\nfghij\n');
  });
});
