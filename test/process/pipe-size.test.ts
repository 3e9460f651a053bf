// A pipe whose reader fell behind gets a 1 MiB buffer (process/pipe-size.ts): checked on a real pipe, by fcntl(F_GETPIPE_SZ).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { WIDE_PIPE_BYTES, widenPipe } from '../../src/process/pipe-size.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Whether the open file behind `fd` is in non-blocking mode (O_NONBLOCK among its flags in /proc). */
function nonBlocking(fd: number): boolean {
  const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
  return (Number.parseInt(flags ?? '0', 8) & constants.O_NONBLOCK) !== 0;
}

/** The capacity of the named pipe at `path`, as the kernel tells it (F_GETPIPE_SZ). */
function pipeSize(path: string): number {
  return Number(execFileSync('/usr/bin/perl', ['-e', 'open(my $f, "+<", $ARGV[0]) or die "$!"; print fcntl($f, 1032, 0)', path], { encoding: 'utf8' }));
}

describe.runIf(process.platform === 'linux')('widenPipe', () => {
  it('gives a pipe of 64 KiB a buffer of 1 MiB, once', async () => {
    const path = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [path]);
    // Read and write: opening does not wait for a writer, and the pipe lives while it is open.
    const fd = openSync(path, 'r+');
    try {
      expect(pipeSize(path)).toBe(64 * 1024);
      widenPipe(fd);
      widenPipe(fd);
      for (let i = 0; i < 100 && pipeSize(path) !== WIDE_PIPE_BYTES; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(pipeSize(path)).toBe(WIDE_PIPE_BYTES);
    } finally {
      closeSync(fd);
    }
  });

  it('leaves the pipe non-blocking: writes to a reader that stopped still wait in the event loop, not in write(2)', async () => {
    // Node writes to a stdout pipe in non-blocking mode. A child given the pipe as its stdout gets it made blocking
    // (libuv does that to a child's stdio) — for runbook too, as the mode belongs to the open file both share:
    // then a write to a reader that stopped blocks the whole engine (no Ctrl-C, no timeout) until it reads again.
    const path = join(tempDir(), 'fifo');
    execFileSync('mkfifo', [path]);
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    // A fresh module: the descriptor's number may be the one the test before asked for (asked once per number).
    vi.resetModules();
    const fresh = await import('../../src/process/pipe-size.js');
    try {
      expect(nonBlocking(fd)).toBe(true);
      fresh.widenPipe(fd);
      for (let i = 0; i < 100 && pipeSize(path) !== WIDE_PIPE_BYTES; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(pipeSize(path)).toBe(WIDE_PIPE_BYTES);
      expect(nonBlocking(fd)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});
