// Large output written by bytes.wat from WebAssembly memory (ui/bulk-out.ts): the bytes the string path would
// write, in order, also when the reader is slow and the memory written from is reused.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/engine/events.js';
import { BulkOut, Ring } from '../../src/ui/bulk-out.js';
import { createJsonReporter } from '../../src/ui/json.js';
import { createPlainReporter } from '../../src/ui/plain.js';
import { sanitizeLine } from '../../src/ui/sanitize.js';
import { random } from '../helpers/random.js';

const PREFIX = '    │ ';

function output(text: string, id = 'big'): RunEvent {
  return { type: 'step.output', runId: 'r', time: '2026-12-07T00:00:00.000Z', id, stream: 'stdout', text };
}

/**
 * Chunks of output of every kind the reporters meet: large printable ASCII (the bulk path), with tabs, with
 * escape sequences, carriage returns and other controls, non-ASCII text, small chunks, lines cut across
 * chunks. Every line is shorter than the plain reporter's partial-line limit; the whole ends with a newline.
 */
function chunks(seed: number, count: number): string[] {
  const rand = random(seed);
  const line = (n: number) => `${n} 2026-01-01T00:00:00Z INFO worker[42]: "processed" batch \\ ${'x'.repeat(Math.floor(rand() * 120))}`;
  const out: string[] = [];
  let n = 0;
  for (let c = 0; c < count; c++) {
    const kind = rand();
    let text = '';
    const lines = kind < 0.1 ? 2 : 20 + Math.floor(rand() * 600);
    for (let i = 0; i < lines; i++) {
      let l = line(n++);
      if (kind > 0.6 && kind < 0.7) l = l.replace('INFO', 'INFO\t');
      if (kind > 0.7 && kind < 0.75) l = `\u001b[31m${l}\u001b[0m`;
      if (kind > 0.75 && kind < 0.8) l = `10%\r${l}`;
      if (kind > 0.8 && kind < 0.85) l = `${l} é 修复 \u0007`;
      text += `${l}\n`;
    }
    // Cut somewhere inside, so that lines continue into the next chunk.
    if (rand() < 0.5 && out.length > 0) {
      const cut = Math.floor(rand() * text.length);
      out[out.length - 1] += text.slice(0, cut);
      text = text.slice(cut);
    }
    out.push(text);
  }
  return out.filter(Boolean);
}

/** What the plain reporter prints for output: each line prefixed and sanitised (ui/plain.ts, sanitize.ts). */
function plainExpected(texts: string[]): string {
  const lines = texts.join('').split('\n').slice(0, -1);
  return lines.map((line) => `${PREFIX}${sanitizeLine(line)}\n`).join('');
}

/**
 * A slow reader at the end of a real pipe (`cat`): it stops for a moment every few chunks, so writes wait in
 * memory while more are made, and the memory of those written is reused.
 */
function slowPipe() {
  const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const got: Buffer[] = [];
  cat.stdout.on('data', (chunk: Buffer) => {
    got.push(chunk);
    if (got.length % 8 === 0) {
      cat.stdout.pause();
      setTimeout(() => cat.stdout.resume(), 2);
    }
  });
  return {
    stream: cat.stdin,
    read: async (): Promise<string> => {
      cat.stdin.end();
      await new Promise((resolve) => cat.on('close', resolve));
      return Buffer.concat(got).toString('utf8');
    },
  };
}

/** Hands the events to the reporter as a run does: between them the event loop turns (writes complete). */
async function feed(reporter: { onEvent(event: RunEvent): void }, events: RunEvent[]): Promise<void> {
  for (const [i, event] of events.entries()) {
    reporter.onEvent(event);
    if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Ring', () => {
  it('gives free space only, wraps around, and frees spans in the order they were taken', () => {
    const ring = new Ring(100);
    const a = ring.take(ring.reserve(40), 40);
    expect(a.start).toBe(0);
    const b = ring.take(ring.reserve(40), 40);
    expect(b.start).toBe(40);
    expect(ring.reserve(40)).toBe(-1);
    expect(ring.reserve(20)).toBe(80);
    ring.release(b);
    // b waits for a: still taken.
    expect(ring.reserve(40)).toBe(-1);
    ring.release(a);
    expect(ring.pending).toBe(0);
    expect(ring.reserve(100)).toBe(0);
    expect(ring.reserve(101)).toBe(-1);
    const c = ring.take(0, 60);
    const d = ring.take(ring.reserve(30), 30);
    expect(d.start).toBe(60);
    ring.release(c);
    // Free: 90-100 and 0-60.
    expect(ring.reserve(50)).toBe(0);
    const e = ring.take(0, 50);
    // Wrapped: only 50-60 is free.
    expect(ring.reserve(10)).toBe(50);
    expect(ring.reserve(11)).toBe(-1);
    ring.release(d);
    ring.release(e);
    expect(ring.pending).toBe(0);
  });
});

describe('large output through the reporters', () => {
  it('plain: the same lines as the string path, through a slow pipe (memory reused while writes wait)', async () => {
    const texts = chunks(7, 400);
    expect(texts.join('').length).toBeGreaterThan(8 * 1024 * 1024);
    const pipe = slowPipe();
    const reporter = createPlainReporter({ lang: 'en', stdout: pipe.stream, stderr: new PassThrough(), heartbeatMs: 0 });
    await feed(reporter, texts.map((text) => output(text)));
    const printed = await pipe.read();
    expect(printed).toBe(plainExpected(texts));
  });

  it('plain: the same lines into a stream that keeps what it is given (a copy is written, not memory that is reused)', () => {
    const texts = chunks(11, 200);
    const stream = new PassThrough();
    const got: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => got.push(chunk));
    const reporter = createPlainReporter({ lang: 'en', stdout: stream, stderr: new PassThrough(), heartbeatMs: 0 });
    for (const text of texts) reporter.onEvent(output(text));
    expect(Buffer.concat(got).toString('utf8')).toBe(plainExpected(texts));
  });

  it('plain: lines of two steps interleaved stay whole, each completed by its own step', async () => {
    const texts = chunks(3, 120);
    const pipe = slowPipe();
    const reporter = createPlainReporter({ lang: 'en', stdout: pipe.stream, stderr: new PassThrough(), heartbeatMs: 0 });
    await feed(reporter, texts.map((text, i) => output(text, i % 2 === 0 ? 'one' : 'two')));
    const printed = await pipe.read();
    const lines = printed.split('\n').slice(0, -1);
    const expected = [...plainExpected(texts.filter((_, i) => i % 2 === 0)).split('\n').slice(0, -1), ...plainExpected(texts.filter((_, i) => i % 2 === 1)).split('\n').slice(0, -1)];
    expect(lines.sort()).toEqual(expected.sort());
  });

  it('json: one parseable line per chunk, its text the chunk, through a slow pipe', async () => {
    const texts = chunks(5, 300);
    const pipe = slowPipe();
    const reporter = createJsonReporter({ stdout: pipe.stream });
    await feed(reporter, texts.map((text) => output(text)));
    const printed = await pipe.read();
    const lines = printed.split('\n').slice(0, -1);
    expect(lines).toHaveLength(texts.length);
    lines.forEach((line, i) => expect(JSON.parse(line), `line ${i}`).toEqual({ v: 1, ...output(texts[i]!) }));
  });

  it('reuses its memory: many times its ring written through a slow pipe, all of it from WebAssembly memory', async () => {
    const pipe = slowPipe();
    const bulk = BulkOut.create(pipe.stream)!;
    const prefix = Buffer.from(PREFIX);
    const line = `${'y'.repeat(70)}\n`;
    let expected = '';
    for (let i = 0; i < 400; i++) {
      const text = `${i} ${line.repeat(800)}`;
      // Whatever the ring cannot take yet waits for the writes before it, as a run waits for a slow reader.
      while (!bulk.lines(prefix, '', text, text.length - 1)) await new Promise((resolve) => setTimeout(resolve, 1));
      expected += plainExpected([text]);
    }
    // Over five times its ring of 4 MiB.
    expect(bulk.written).toBeGreaterThan(5 * 4 * 1024 * 1024);
    expect(await pipe.read()).toBe(expected);
  });

  it('formats text that outgrows the room set aside at first (every byte a newline, a tab, a control) as the string path does', async () => {
    const prefix = Buffer.from(PREFIX);
    for (const text of ['\n'.repeat(200_000), `${'\t\n'.repeat(100_000)}`, `a${'\n'.repeat(50_000)}${'b'.repeat(150_000)}\n`]) {
      const pipe = slowPipe();
      const bulk = BulkOut.create(pipe.stream)!;
      expect(bulk.lines(prefix, '', text, text.length - 1)).toBe(true);
      expect(await pipe.read()).toBe(plainExpected([text]));
    }
    const controls = '\u0001"\\'.repeat(80_000);
    const pipe = slowPipe();
    expect(BulkOut.create(pipe.stream)!.jsonLine('{"text":"', controls, '"}\n')).toBe(true);
    expect(JSON.parse(await pipe.read())).toEqual({ text: controls });
  });

  it('plain and json: chunks of 256 KiB given as bytes (onOutputBytes) print what their text would', async () => {
    const texts = chunks(13, 160).filter((text) => /^[\x20-\x7e\n]*$/.test(text));
    // Joined into chunks of 256 KiB, as a pipe is read (src/process/pump.ts).
    const all = Buffer.from(texts.join(''), 'latin1');
    const pieces: Buffer[] = [];
    for (let at = 0; at < all.length; at += 256 * 1024) pieces.push(all.subarray(at, at + 256 * 1024));
    expect(pieces.length).toBeGreaterThan(3);
    const head = { type: 'step.output', runId: 'r', time: '2026-12-07T00:00:00.000Z', id: 'big', stream: 'stdout' } as const;
    const plain = slowPipe();
    const plainReporter = createPlainReporter({ lang: 'en', stdout: plain.stream, stderr: new PassThrough(), heartbeatMs: 0 });
    const json = slowPipe();
    const jsonReporter = createJsonReporter({ stdout: json.stream });
    for (const piece of pieces) {
      // The bytes are valid only during the call: overwritten after it, as the engine's read buffer is.
      const bytes = Buffer.from(piece);
      plainReporter.onOutputBytes!(head, bytes);
      jsonReporter.onOutputBytes!(head, bytes);
      bytes.fill(0x3f);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await plain.read()).toBe(plainExpected([all.toString('latin1')]));
    const lines = (await json.read()).split('\n').slice(0, -1);
    expect(lines.map((line) => JSON.parse(line) as RunEvent)).toEqual(pieces.map((piece) => ({ v: 1, ...output(piece.toString('latin1')) })));
  });

  it('gives the space of a write that threw back at once: the next chunks are written from the ring again', () => {
    const socket = new Socket();
    const got: Buffer[] = [];
    let full = true;
    socket.write = ((chunk: Buffer, callback?: () => void) => {
      if (full) throw new Error('ENOSPC: no space left on device');
      got.push(Buffer.from(chunk));
      callback?.();
      return true;
    }) as typeof socket.write;
    const bulk = BulkOut.create(socket)!;
    const prefix = Buffer.from(PREFIX);
    const text = `${'z'.repeat(60)}\n`.repeat(600);
    expect(() => bulk.lines(prefix, '', text, text.length - 1)).toThrow('ENOSPC');
    expect(bulk.pending).toBe(0);
    full = false;
    for (let i = 0; i < 100; i++) expect(bulk.lines(prefix, '', text, text.length - 1)).toBe(true);
    expect(bulk.pending).toBe(0);
    expect(Buffer.concat(got).toString('utf8')).toBe(plainExpected([text]).repeat(100));
  });
});
