// A child's output as spawnGroup reads it (one buffer for every pipe, chunks valid during the handler): every byte, in order, through pauses.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { spawnGroup } from '../../src/process/group.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs `command`, its chunks copied (a view is valid only during the call), some handlers slow (backpressure). */
async function run(command: string, slow: (n: number) => boolean, spawn = spawnGroup) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let calls = 0;
  const memories = new Set<ArrayBufferLike>();
  const take = (into: Buffer[]) => (chunk: Buffer) => {
    memories.add(chunk.buffer);
    into.push(Buffer.from(chunk));
    return slow(++calls) ? new Promise<void>((resolve) => setTimeout(resolve, 2)) : undefined;
  };
  const group = spawn({ command, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, cwd: process.cwd(), onStdout: take(out), onStderr: take(err) });
  const exit = await group.done;
  return { exit, stdout: Buffer.concat(out), stderr: Buffer.concat(err), calls, memories };
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('spawnGroup output', () => {
  it('delivers megabytes of stdout and stderr printed at once, every byte in order, while the handlers pause the pipes', async () => {
    // Two streams of numbered lines, interleaved by the shell: each must arrive whole, in its own order.
    const command = 'seq 1 300000 & seq 300001 500000 >&2; wait';
    const { exit, stdout, stderr, calls, memories } = await run(command, (n) => n % 3 === 0);
    expect(exit.exitCode).toBe(0);
    const expected = (from: number, to: number) => Buffer.from(Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join(''));
    expect(sha(stdout)).toBe(sha(expected(1, 300000)));
    expect(sha(stderr)).toBe(sha(expected(300001, 500000)));
    expect(calls).toBeGreaterThan(2);
    // Read into one buffer (no allocation per chunk: src/process/pump.ts), on the Node versions runbook supports.
    expect(memories.size).toBe(1);
  });

  it('reads as a stream, every byte in order, on a runtime whose sockets lack the internals of the one buffer', async () => {
    // Another Node version may name or keep them differently: readInto must then leave the pipe a stream.
    const own = Object.getOwnPropertySymbols;
    const spy = vi.spyOn(Object, 'getOwnPropertySymbols').mockImplementation((o) => own(o).filter((s) => s.description !== 'kBufferCb'));
    try {
      // A fresh copy of the modules: pump.ts looks the internals up once per process.
      vi.resetModules();
      const fresh = await import('../../src/process/group.js');
      const { exit, stdout, stderr, memories } = await run('seq 1 200000; seq 1 1000 >&2', (n) => n % 2 === 0, fresh.spawnGroup);
      expect(exit.exitCode).toBe(0);
      expect(sha(stdout)).toBe(sha(Buffer.from(Array.from({ length: 200000 }, (_, i) => `${i + 1}\n`).join(''))));
      expect(stderr.toString()).toBe(Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join(''));
      expect(memories.size).toBeGreaterThan(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('delivers binary output (every byte value) unchanged, also in chunks of every size', async () => {
    const file = join(tempDir(), 'bytes');
    writeFileSync(file, randomBytes(3_000_000));
    // dd with a small block size: the pipe is read at odd sizes, not only full buffers.
    const { stdout } = await run(`cat '${file}'; dd if='${file}' bs=1001 status=none`, (n) => n % 5 === 0);
    const bytes = readFileSync(file);
    expect(sha(stdout)).toBe(sha(Buffer.concat([bytes, bytes])));
  });
});
