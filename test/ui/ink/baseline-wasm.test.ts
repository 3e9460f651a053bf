// The live view loads with WebAssembly tier-up off (Yoga stays on V8's baseline tier: ~6 MB less for a long run) and
// turns dynamic tiering back on right after, so WebAssembly compiled later (the output path's byte routines) is optimised as before.
import './no-color.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
// Every flag runbook sets goes through bin/code-cache.js's setV8Flags (flags are part of a code cache's identity).
vi.mock('../../../bin/code-cache.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../bin/code-cache.js')>()),
  setV8Flags: (...flags: string[]) => calls.push(...flags),
}));
// Notes when the view's module (which compiles Yoga's WebAssembly as it loads) is evaluated.
vi.mock('../../../src/ui/ink/reporter.js', async (importOriginal) => {
  calls.push('view loaded');
  return importOriginal();
});

const { withBaselineWasm } = await import('../../../src/ui/ink/baseline-wasm.js');
const { createReporter } = await import('../../../src/ui/reporter.js');
const { asReadStream, asWriteStream, FakeStdin, FakeStdout } = await import('./streams.js');

const OFF = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];
// `--wasm-tier-up` stays off: on, V8 would compile the whole of Yoga with its optimising compiler right after the load.
const ON = ['--wasm-dynamic-tiering'];

beforeEach(() => {
  calls.length = 0;
});

describe('the live view and WebAssembly tiers', () => {
  it('loads the view with tier-up off and turns dynamic tiering back on once the view is loaded', async () => {
    const stdout = new FakeStdout(80, 24);
    const reporter = await createReporter({
      lang: 'en',
      output: 'ink',
      stdout: asWriteStream(stdout),
      stderr: asWriteStream(new FakeStdout()),
      stdin: asReadStream(new FakeStdin(false)),
      env: {},
    });
    await reporter.close?.();
    expect(calls).toEqual([...OFF, 'view loaded', ...ON]);
  });

  it('turns dynamic tiering back on when loading fails', async () => {
    await expect(withBaselineWasm(() => Promise.reject(new Error('no view')), [])).rejects.toThrow('no view');
    expect(calls).toEqual([...OFF, ...ON]);
  });

  it('leaves alone the WebAssembly flags node was started with', async () => {
    await expect(withBaselineWasm(() => Promise.resolve(7), ['--liftoff-only'])).resolves.toBe(7);
    expect(calls).toEqual([]);
  });

  it('does nothing to the plain and json reporters', async () => {
    await createReporter({ lang: 'en', output: 'plain', stdout: asWriteStream(new FakeStdout()), stderr: asWriteStream(new FakeStdout()), stdin: asReadStream(new FakeStdin(false)), env: {} });
    expect(calls).toEqual([]);
  });
});
