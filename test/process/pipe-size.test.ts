// A pipe whose reader fell behind gets a 1 MiB buffer (process/pipe-size.ts): checked on a real pipe, by fcntl(F_GETPIPE_SZ).
import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WIDE_PIPE_BYTES, widenPipe } from '../../src/process/pipe-size.js';
import { tempDir } from '../helpers/temp-dir.js';

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

});
