// A larger kernel buffer for a pipe runbook writes to, asked for once its reader has fallen behind.
import { spawn } from 'node:child_process';
import { existsSync, fstatSync } from 'node:fs';

/** fcntl(2)'s command that sets a pipe's capacity on Linux (F_SETPIPE_SZ). */
const F_SETPIPE_SZ = 1031;
/** What is asked for: /proc/sys/fs/pipe-max-size's default, the most an unprivileged process may set. */
export const WIDE_PIPE_BYTES = 1024 * 1024;
/** perl-base is essential on Debian and Ubuntu; never looked up on PATH. */
const PERLS = ['/usr/bin/perl', '/bin/perl'];

const asked = new Set<number>();

/**
 * Asks the kernel to give the pipe on `fd` a 1 MiB buffer instead of its 64 KiB, once per descriptor and
 * only when it is a pipe. Node has no fcntl(2), so a perl one-liner given the pipe as its descriptor 3 sets
 * it (a pipe's capacity belongs to the pipe, not to the descriptor). In the background and best effort:
 * without perl, on another system, or over the user's pipe quota (fs/pipe-user-pages-soft), the pipe keeps
 * its size.
 *
 * Why: through a 64 KiB pipe every chunk of a step's output is written in several calls, each a wake-up
 * of the reader; with 1 MiB runbook and its reader (`| cat`, a CI log collector) take turns far less
 * often — ~10 % less wall time for a gigabyte (docs/performance.md). Asked only once a reader has fallen
 * behind (ui/drain.ts), so a run printing little never starts a process for it.
 */
export function widenPipe(fd: number): void {
  if (process.platform !== 'linux' || asked.has(fd)) return;
  asked.add(fd);
  try {
    if (!fstatSync(fd).isFIFO()) return;
    const perl = PERLS.find((path) => existsSync(path));
    if (!perl) return;
    // The pipe is perl's descriptor 3, not its stdout: libuv makes a child's stdin/stdout/stderr blocking, and the
    // mode belongs to the open file runbook shares — a blocking stdout would stop the engine in write(2) (no
    // Ctrl-C, no timeouts) whenever its reader stops reading.
    const script = `open(my $pipe, '>&=', 3) or exit 1; fcntl($pipe, ${F_SETPIPE_SZ}, ${WIDE_PIPE_BYTES})`;
    const child = spawn(perl, ['-e', script], { stdio: ['ignore', 'ignore', 'ignore', fd], env: {} });
    child.on('error', () => {});
    child.unref();
  } catch {
    // The pipe keeps its size.
  }
}
