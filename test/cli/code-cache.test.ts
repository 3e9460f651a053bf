// bin/code-cache.js's requireWithCodeCache loads a CommonJS bundle as require() would: once per process, and a
// bundle that threw while loading is not taken as loaded (its half-made exports are never handed out), nor cached.
// runWithCodeCache keeps its own cache on every Node: bin/runbook.js calls it only where Node has no cache of its own.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const codeCache = fileURLToPath(new URL('../../bin/code-cache.js', import.meta.url));
/**
 * Where a process of this test (node without V8 flags, this environment) keeps the cache of `file`: asked of such a
 * process, as the name follows V8's tag for cached data, which this test runner's own flags may change.
 */
function cachePathOf(file: string): string {
  const script = `process.stdout.write(require(${JSON.stringify(codeCache)}).cachePath(${JSON.stringify(file)}))`;
  const result = spawnSync(process.execPath, ['-e', script], { env: process.env, encoding: 'utf8', timeout: 20_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}
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

describe("the user's own cache folder (a bundle whose folder cannot take its cache: a system-wide install)", () => {
  // A preload that says, for each script compiled through node:vm, whether it was given cached data and whether V8 took it.
  const report = join(temp, 'report-scripts.mjs');
  writeFileSync(
    report,
    `import { appendFileSync } from 'node:fs';
import vm from 'node:vm';
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    if (process.env.SCRIPT_LOG) appendFileSync(process.env.SCRIPT_LOG, JSON.stringify({ cached: options?.cachedData !== undefined, rejected: this.cachedDataRejected === true }) + '\\n');
  }
};
`,
  );
  let counter = 0;

  /** A bundle with a build id, in a folder of its own, and an XDG cache folder for it. */
  function setup(): { bundle: string; xdg: string; own: string } {
    const dir = join(temp, `own-${++counter}`);
    mkdirSync(dir);
    const bundle = join(dir, 'b.cjs');
    writeFileSync(bundle, `globalThis.loaded = (n) => n * 2;\nmodule.exports = { twice: globalThis.loaded(21) };\n//# runbook-build=${String(counter).padStart(64, '0')}\n`);
    return { bundle, xdg: join(dir, 'xdg'), own: join(dir, 'xdg', 'runbook', 'code') };
  }

  /** Runs the bundle through runWithCodeCache: what the compile was given, as the preload saw it. */
  function run(bundle: string, xdg: string, nodeFlags: readonly string[] = []): { cached: boolean; rejected: boolean } {
    const log = join(temp, `script-${++counter}.log`);
    const script = `require(${JSON.stringify(codeCache)}).runWithCodeCache(${JSON.stringify(bundle)});`;
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: xdg, SCRIPT_LOG: log };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const result = spawnSync(process.execPath, [...nodeFlags, '--import', pathToFileURL(join(fixtures, 'without-node-cache.mjs')).href, '--import', pathToFileURL(report).href, '-e', script], { env, encoding: 'utf8', timeout: 20_000 });
    expect(result.status, result.stderr).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]!) as { cached: boolean; rejected: boolean };
  }

  const caches = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.cache')) : []);

  it('is left alone while the bundle\'s folder takes the cache', () => {
    const { bundle, xdg } = setup();
    expect(run(bundle, xdg)).toEqual({ cached: false, rejected: false });
    expect(existsSync(cachePathOf(bundle))).toBe(true);
    expect(run(bundle, xdg)).toEqual({ cached: true, rejected: false });
    expect(existsSync(xdg)).toBe(false);
  });

  it('keeps one cache per set of V8 flags: runs under other flags neither reject nor replace each other\'s', () => {
    const { bundle, xdg } = setup();
    const other = ['--max-old-space-size=3000']; // as NODE_OPTIONS or a wrapper script might give
    expect(run(bundle, xdg)).toEqual({ cached: false, rejected: false });
    expect(run(bundle, xdg, other)).toEqual({ cached: false, rejected: false });
    const beside = (): Map<string, number> => new Map(caches(dirname(bundle)).map((name) => [name, statSync(join(dirname(bundle), name)).mtimeMs]));
    const made = beside();
    expect(made.size).toBe(2);
    for (let i = 0; i < 2; i++) {
      expect(run(bundle, xdg)).toEqual({ cached: true, rejected: false });
      expect(run(bundle, xdg, other)).toEqual({ cached: true, rejected: false });
    }
    expect(beside()).toEqual(made);
  });

  it('keeps the newest few caches of a bundle beside it, and leaves other bundles\' alone', () => {
    const { bundle, xdg } = setup();
    const dir = dirname(bundle);
    for (let i = 0; i < 6; i++) {
      const old = join(dir, `b.cjs.old-${i}.cache`);
      writeFileSync(old, 'x');
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    writeFileSync(join(dir, 'other.cjs.old.cache'), 'x');
    utimesSync(join(dir, 'other.cjs.old.cache'), new Date(2019, 0, 1), new Date(2019, 0, 1));
    run(bundle, xdg);
    expect(existsSync(cachePathOf(bundle))).toBe(true);
    expect(caches(dir).filter((name) => name.startsWith('b.cjs.old-')).sort()).toEqual(['b.cjs.old-3.cache', 'b.cjs.old-4.cache', 'b.cjs.old-5.cache']);
    expect(existsSync(join(dir, 'other.cjs.old.cache'))).toBe(true);
  });

  it('holds the cache where the bundle\'s folder cannot (private to the user), and it is used from there', () => {
    const { bundle, xdg, own } = setup();
    mkdirSync(cachePathOf(bundle)); // a folder in the cache's place: the write beside the bundle fails
    expect(run(bundle, xdg)).toEqual({ cached: false, rejected: false });
    const [name] = caches(own) as [string];
    expect(name).toMatch(/^b\.cjs\..+-0{15}\d\.cache$/);
    expect(statSync(join(own, name)).mode & 0o777).toBe(0o600);
    expect(statSync(own).mode & 0o777).toBe(0o700);
    const made = statSync(join(own, name)).mtimeMs;
    expect(run(bundle, xdg)).toEqual({ cached: true, rejected: false });
    expect(statSync(join(own, name)).mtimeMs).toBe(made);
    expect(readdirSync(own).filter((file) => file.endsWith('.tmp'))).toEqual([]);

    // A package gives its files another time stamp (npm pack: 1985): the user's cache is made again for it, and used.
    utimesSync(bundle, new Date('1985-10-26T08:15:00Z'), new Date('1985-10-26T08:15:00Z'));
    expect(run(bundle, xdg)).toEqual({ cached: false, rejected: false });
    expect(run(bundle, xdg)).toEqual({ cached: true, rejected: false });
  });

  it('reads no cache from a folder others can write to, or through a link, and writes none there', () => {
    const { bundle, xdg, own } = setup();
    mkdirSync(cachePathOf(bundle));
    run(bundle, xdg);
    const [name] = caches(own) as [string];
    const good = readFileSync(join(own, name));

    chmodSync(own, 0o777);
    expect(run(bundle, xdg)).toEqual({ cached: false, rejected: false });
    expect(readFileSync(join(own, name)).equals(good)).toBe(true);
    chmodSync(own, 0o700);
    expect(run(bundle, xdg)).toEqual({ cached: true, rejected: false });

    // The cache itself writable by others, or a link to a cache elsewhere: not read.
    chmodSync(join(own, name), 0o666);
    expect(run(bundle, xdg).cached).toBe(false);
    const elsewhere = join(temp, `elsewhere-${counter}.cache`);
    writeFileSync(elsewhere, good, { mode: 0o600 });
    rmSync(join(own, name));
    symlinkSync(elsewhere, join(own, name));
    expect(run(bundle, xdg).cached).toBe(false);
  });

  it('keeps the newest few caches there: upgrades leave nothing behind for ever', () => {
    const { bundle, xdg, own } = setup();
    mkdirSync(cachePathOf(bundle));
    mkdirSync(own, { recursive: true, mode: 0o700 });
    chmodSync(join(xdg, 'runbook'), 0o700);
    for (let i = 0; i < 12; i++) {
      const old = join(own, `validate.cjs.old-${i}.cache`);
      writeFileSync(old, 'x', { mode: 0o600 });
      utimesSync(old, new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    run(bundle, xdg);
    const left = caches(own);
    expect(left).toHaveLength(8);
    expect(left.some((name) => name.startsWith('b.cjs.'))).toBe(true);
    // The newest of the old ones are what is kept.
    expect(left.filter((name) => name.startsWith('validate.cjs.old-')).sort()).toEqual([5, 6, 7, 8, 9, 10, 11].map((i) => `validate.cjs.old-${i}.cache`).sort());
  });
});
