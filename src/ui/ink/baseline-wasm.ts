// Loads the Ink view with Yoga's WebAssembly kept on V8's baseline compiler, so a long run does not pay ~7 MB for its tier-up.
//
// Why (docs/performance.md, "The live view over thousands of steps"): after ~1 s of frames V8 recompiles Yoga's
// layout function with its optimising compiler in a worker thread; that one compile takes ~6 MB of temporary
// memory, and the worker's malloc arena keeps it for the rest of the process (nothing in Node can trim it): the
// largest single part of the view's growth from 100 to 5,000 steps. The baseline code lays out the few rows of
// the live region fast enough (Yoga is < 1 % of a run's CPU).
// A module takes dynamic tiering (optimise what runs hot) from the flag as it is compiled, so that flag is off only
// while the view's chunk (and Yoga with it) loads: WebAssembly compiled later — the output path's byte routines
// (src/bytes) — is optimised when hot as before. `--wasm-tier-up` stays off: V8 reads it after the load, for a
// module without dynamic tiering, and on it would compile all of Yoga with the optimising compiler at once.
// Through setV8Flags: flags in effect while code is compiled are part of its code cache's identity (bin/code-cache.js).
import { setV8Flags } from '../../../bin/code-cache.js';

const OFF = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];
const ON = ['--wasm-dynamic-tiering'];

/**
 * Runs `load` with WebAssembly tier-up off and turns dynamic tiering back on when `load` settles. Left alone when the
 * process was started with WebAssembly flags of its own (`node --liftoff-only …`): those are not undone.
 */
export async function withBaselineWasm<T>(load: () => Promise<T>, execArgv: readonly string[] = process.execArgv): Promise<T> {
  if (execArgv.some((arg) => /wasm|liftoff/.test(arg))) return load();
  setV8Flags(...OFF);
  try {
    return await load();
  } finally {
    setV8Flags(...ON);
  }
}
