// How large V8's young generation may grow during a run: small while steps are forked, free once output streams in bulk.
// Through setV8Flags: a code cache made at exit is made under the flags of its compile (bin/code-cache.js).
import { setV8Flags } from '../../../bin/code-cache.js';

/**
 * Output, over the whole run, after which the young generation may grow again. `runbook play` starts
 * with it held at its first size (bin/runbook.js): every step's fork copies the page tables of what
 * runbook has touched, and a young generation grown to 32 MiB made each one dearer. A step printing
 * hundreds of megabytes needs the room instead: in a 1 MiB young generation every few chunks of
 * output would be a collection (twice the CPU time per gigabyte).
 */
export const BULK_OUTPUT_BYTES = 16 * 1024 * 1024;

let growing = false;

/** Lets the young generation grow as V8 sees fit (its default), from now on. */
export function allowYoungGenerationGrowth(): void {
  if (growing) return;
  growing = true;
  setV8Flags('--semi-space-growth-factor=2');
}
