// How V8 runs during a run: lean while steps are forked, tuned for throughput once output streams in bulk.
// Through setV8Flags: a code cache made at exit is made under the flags of its compile (bin/code-cache.js).
import { ownCompilerFlags, setV8Flags } from '../../../bin/code-cache.js';

/**
 * Output, over the whole run, after which V8 is let loose again. `runbook play` starts with the young generation
 * held at its first size and without the optimising compiler (bin/runbook.js; the live view's frames included):
 * every step's fork copies the page tables of what runbook has touched, and both a young generation grown to
 * 32 MiB and the malloc arenas of TurboFan's worker threads made each one dearer. A step printing hundreds of
 * megabytes needs the opposite: in a 1 MiB young generation every few chunks of output would be a collection
 * (twice the CPU time per gigabyte), and its JavaScript (masking, the journal's log, the reporters) is then the
 * work, worth optimising.
 */
export const BULK_OUTPUT_BYTES = 16 * 1024 * 1024;

let bulk = false;

/**
 * From now on: the young generation grows as V8 sees fit, and hot functions are optimised (V8's defaults). The
 * optimising compiler is left alone when Node was started with a flag of its own about it (`node --jitless …`).
 */
export function tuneForBulkOutput(): void {
  if (bulk) return;
  bulk = true;
  setV8Flags('--semi-space-growth-factor=2');
  if (!ownCompilerFlags()) setV8Flags('--opt');
}
