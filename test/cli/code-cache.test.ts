// bin/code-cache.js's requireWithCodeCache loads a CommonJS bundle as require() would: once per process, and a
// bundle that threw while loading is not taken as loaded (its half-made exports are never handed out), nor cached.
// runWithCodeCache keeps its own cache on every Node: bin/runbook.js calls it only where Node has no cache of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const codeCache = fileURLToPath(new URL('../../bin/code-cache.js', import.meta.url));
/** Where a process that set no V8 flag through setV8Flags keeps the cache of `file`. */
const cachePathOf = (file: string): string => (require(codeCache) as { cachePath: (file: string, flags?: readonly string[]) => string }).cachePath(file, []);
const fixtures = fileURLToPath(new URL('../fixtures/code-cache/', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-code-cache-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Requires `bundle` twice in a fresh process, through `loader` ('require' or 'requireWithCodeCache'): what each gave. */
function twice(bundle: string, loader: 'require' | 'requireWithCodeCache'): unknown {
  const load = loader === 'require' ? 'require' : `require(${JSON.stringify(codeCache)}).requireWithCodeCache`;
  const script = `
    const load = ${load};
    const results = [];
    for (let i = 0; i < 2; i++) {
      try { results.push({ exports: load(${JSON.stringify(bundle)}) }); } catch (error) { results.push({ threw: error.message }); }
    }
    process.stdout.write(JSON.stringify(results));`;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
  const result = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8', timeout: 20_000 });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('requireWithCodeCache (bin/code-cache.js)', () => {
  it('runs a bundle once, and hands out the same exports after', () => {
    const bundle = join(temp, 'once.cjs');
    writeFileSync(bundle, 'globalThis.runs = (globalThis.runs ?? 0) + 1;\nmodule.exports = { runs: globalThis.runs };\n');
    expect(twice(bundle, 'requireWithCodeCache')).toEqual([{ exports: { runs: 1 } }, { exports: { runs: 1 } }]);
  });

  it('runs a bundle that threw while loading again when it is required again, as require() does', () => {
    const bundle = join(temp, 'throws-once.cjs');
    writeFileSync(
      bundle,
      "globalThis.runs = (globalThis.runs ?? 0) + 1;\nexports.half = true;\nif (globalThis.runs === 1) throw new Error('first load failed');\nexports.runs = globalThis.runs;\n",
    );
    const expected = [{ threw: 'first load failed' }, { exports: { half: true, runs: 2 } }];
    expect(twice(bundle, 'require')).toEqual(expected);
    expect(twice(bundle, 'requireWithCodeCache')).toEqual(expected);
  });

  it('writes no cache of a bundle that threw while loading (it would replace the cache of one that loads)', () => {
    const bundle = join(temp, 'throws.cjs');
    writeFileSync(bundle, "throw new Error('cannot load here');\n");
    const script = `try { require(${JSON.stringify(codeCache)}).requireWithCodeCache(${JSON.stringify(bundle)}); } catch { process.stdout.write('threw'); }`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(fixtures, 'without-node-cache.mjs')).href, '-e', script], { env, encoding: 'utf8', timeout: 20_000 });
    expect(result.stdout, result.stderr).toBe('threw');
    expect(existsSync(cachePathOf(bundle))).toBe(false);
  });

  it('runWithCodeCache writes its cache also where Node has a cache of its own (the caller chose it)', () => {
    const bundle = join(temp, 'run.cjs');
    writeFileSync(bundle, 'globalThis.ran = true;\n');
    const run = (): string => {
      const script = `require(${JSON.stringify(codeCache)}).runWithCodeCache(${JSON.stringify(bundle)}); process.stdout.write(String(globalThis.ran));`;
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(fixtures, 'with-node-cache.mjs')).href, '-e', script], { env, encoding: 'utf8', timeout: 20_000 });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    expect(run()).toBe('true');
    expect(existsSync(cachePathOf(bundle))).toBe(true);
  });
});
