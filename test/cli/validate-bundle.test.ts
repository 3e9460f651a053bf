// `runbook validate` runs its own bundle (dist/fast/validate.cjs) with its compiled code cached: it must say exactly
// what the full CLI (dist/cli.js) says, and Node 20's cache (bin/code-cache.js) must never change an answer
// (missing, stale, corrupt or unwritable).
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook, type RunbookResult } from '../helpers/cli.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const codeCache = join(root, 'bin/code-cache.js');
const temp = mkdtempSync(join(tmpdir(), 'runbook-validate-bundle-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The full CLI, as every command but validate runs: dist/cli.js, with the environment `runbook()` gives. */
async function fullCli(args: string[], cwd: string): Promise<RunbookResult> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the validate bundle says what the full CLI says', () => {
  const inputs = ['runbooks/', 'test/fixtures/'];
  for (const format of ['text', 'json', 'github']) {
    for (const lang of ['en', 'zh-CN']) {
      it(`${format}, ${lang}: same output and exit code, on the shipped playbooks and every test fixture`, async () => {
        const args = ['validate', ...inputs, '--format', format, '--lang', lang];
        const bundle = await runbook(args, { cwd: root });
        const full = await fullCli(args, root);
        expect(bundle.code).toBe(2); // the fixtures include invalid playbooks
        expect(bundle).toEqual(full);
      });
    }
  }

  it('gives help and argument errors like the full CLI', async () => {
    for (const args of [['validate', '--help'], ['--lang', 'zh-CN', 'validate', '-h'], ['validate', '--format', 'xml', 'runbooks'], ['validate', '--nope'], ['validate', 'missing.yaml']]) {
      const bundle = await runbook(args, { cwd: root });
      const full = await fullCli(args, root);
      expect(bundle, args.join(' ')).toEqual(full);
    }
  });
});

describe('the code cache', () => {
  // A private copy of the bundle, so the test can make, break and lock its cache.
  const dir = join(temp, 'fast');
  const bundle = join(dir, 'validate.cjs');
  // Where the entry below keeps the cache: named by V8's tag for cached data under its flags, asked of such a process.
  const cache = (() => {
    const script = `require('node:v8').setFlagsFromString('--no-opt'); process.stdout.write(require(${JSON.stringify(codeCache)}).cachePath(${JSON.stringify(bundle)}))`;
    const result = spawnSync(process.execPath, ['-e', script], { env: process.env, encoding: 'utf8', timeout: 20_000 });
    if (result.status !== 0) throw new Error(result.stderr);
    return result.stdout;
  })();
  const entry = join(temp, 'entry.cjs');

  async function validate(env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
    try {
      const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };
      delete base.NODE_DISABLE_COMPILE_CACHE;
      const { stdout } = await exec(process.execPath, [entry, 'validate', 'runbooks/'], { cwd: root, env: { ...base, ...env } });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  }

  it('is written on the first run, then used, and never changes the answer', async () => {
    mkdirSync(dir);
    copyFileSync(join(root, 'dist/fast/validate.cjs'), bundle);
    // As bin/runbook.js runs it: V8's flags first (they are part of a cache's identity), then the bundle.
    writeFileSync(entry, `require('node:v8').setFlagsFromString('--no-opt');\nrequire(${JSON.stringify(join(root, 'bin/code-cache.js'))}).runWithCodeCache(${JSON.stringify(bundle)});\n`);
    const expected = { code: 0, stdout: '16 playbooks and 1 rules file valid\n' };

    expect(existsSync(cache)).toBe(false);
    expect(await validate()).toEqual(expected);
    expect(existsSync(cache)).toBe(true);
    const made = statSync(cache).mtimeMs;
    expect(readFileSync(cache).subarray(0, 21).toString('latin1')).toBe('runbook-code-cache-3 ');

    // A usable cache is left alone.
    expect(await validate()).toEqual(expected);
    expect(statSync(cache).mtimeMs).toBe(made);
  });

  it('is replaced when it is corrupt, or was made for another version of the bundle', async () => {
    const expected = { code: 0, stdout: '16 playbooks and 1 rules file valid\n' };
    const good = readFileSync(cache);
    // Corrupt bytes after a valid header: V8 rejects them.
    const corrupt = Buffer.concat([good.subarray(0, good.indexOf(10) + 1), Buffer.alloc(4096, 7)]);
    writeFileSync(cache, corrupt);
    expect(await validate()).toEqual(expected);
    expect(readFileSync(cache).equals(corrupt)).toBe(false);
    expect(readFileSync(cache).length).toBeGreaterThan(10_000);

    // Another build of the same length and time stamp (an overlay by cp -p, rsync or tar): V8 would only
    // compare lengths, so the cache is keyed by the build id the build appends, and the new code runs.
    const before = readFileSync(cache);
    const { mtime } = statSync(bundle);
    const text = readFileSync(bundle, 'utf8');
    expect(text).toContain('summaryValid: "{playbooks} valid"');
    expect(text).toMatch(/\/\/# runbook-build=[0-9a-f]{64}\n$/);
    const other = text
      .replace('summaryValid: "{playbooks} valid"', 'summaryValid: "{playbooks} VALID"')
      .replace(/runbook-build=[0-9a-f]{64}/, `runbook-build=${'0'.repeat(64)}`);
    expect(other.length).toBe(text.length);
    writeFileSync(bundle, other);
    utimesSync(bundle, mtime, mtime);
    expect(await validate()).toEqual({ code: 0, stdout: '16 playbooks and 1 rules file VALID\n' });
    expect(readFileSync(cache).equals(before)).toBe(false);
    // ... and the cache made for the new bundle is used from then on.
    const remade = statSync(cache).mtimeMs;
    expect(await validate()).toEqual({ code: 0, stdout: '16 playbooks and 1 rules file VALID\n' });
    expect(statSync(cache).mtimeMs).toBe(remade);

    // An edit that keeps the build id but changes the bundle's time stamp is caught as well.
    writeFileSync(bundle, text);
    expect(await validate()).toEqual(expected);
  });

  it('is optional: NODE_DISABLE_COMPILE_CACHE neither reads nor writes it, and a cache that cannot be written is no error', async () => {
    const expected = { code: 0, stdout: '16 playbooks and 1 rules file valid\n' };
    rmSync(cache);
    expect(await validate({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(expected);
    expect(existsSync(cache)).toBe(false);

    // A folder where the cache should go makes the final rename fail (as a read-only install would, even for root).
    mkdirSync(cache);
    writeFileSync(join(cache, 'keep'), '');
    expect(await validate()).toEqual(expected);
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('which cache runbook validate uses', () => {
  // Records, at exit, whether Node's own cache was asked for and whether bin/code-cache.js was loaded. With
  // `stub`, the process has a module.enableCompileCache (as Node ≥ 22.1 does) that only records the call.
  function cacheUsed(stub: boolean): { nodeCache: boolean; ownCache: boolean; stdout: string } {
    const log = join(temp, `which-${String(stub)}.json`);
    const preload = join(temp, `which-${String(stub)}.cjs`);
    writeFileSync(
      preload,
      `const Module = require('node:module');
let called = false;
${stub ? 'Module.enableCompileCache = () => { called = true; return { status: Module.constants?.compileCacheStatus?.DISABLED ?? 3 }; };' : "if (typeof Module.enableCompileCache === 'function') { const real = Module.enableCompileCache; Module.enableCompileCache = (...a) => { called = true; return real(...a); }; }"}
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(log)}, JSON.stringify({ nodeCache: called, ownCache: Object.keys(require.cache).some((f) => f.endsWith('code-cache.js')) })));
`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const result = spawnSync(process.execPath, ['--require', preload, join(root, 'bin/runbook.js'), 'validate', 'runbooks/'], { cwd: root, env, encoding: 'utf8' });
    return { ...(JSON.parse(readFileSync(log, 'utf8')) as { nodeCache: boolean; ownCache: boolean }), stdout: result.stdout };
  }

  it("uses Node's own compile cache where Node has one, and its own (bin/code-cache.js) only where it has not", () => {
    expect(cacheUsed(true)).toEqual({ nodeCache: true, ownCache: false, stdout: '16 playbooks and 1 rules file valid\n' });
    const nodeHasCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    expect(cacheUsed(false)).toEqual({ nodeCache: nodeHasCache, ownCache: !nodeHasCache, stdout: '16 playbooks and 1 rules file valid\n' });
  });
});
