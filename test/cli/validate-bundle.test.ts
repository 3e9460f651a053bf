// `runbook validate` runs its own bundle (dist/fast/validate.cjs) with a V8 code cache: it must say exactly what
// the full CLI says, and the cache must never change an answer (missing, stale, corrupt or unwritable).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runbook } from '../helpers/cli.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const { cachePath } = createRequire(import.meta.url)('../../bin/code-cache.js') as { cachePath: (file: string) => string };
const temp = mkdtempSync(join(tmpdir(), 'runbook-validate-bundle-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the validate bundle says what the full CLI says', () => {
  const inputs = ['runbooks/', 'test/fixtures/'];
  for (const format of ['text', 'json', 'github']) {
    for (const lang of ['en', 'zh-CN']) {
      it(`${format}, ${lang}: same output and exit code, on the shipped playbooks and every test fixture`, async () => {
        const args = ['validate', ...inputs, '--format', format, '--lang', lang];
        const bundle = await runbook(args, { cwd: root });
        const full = await runbook(args, { cwd: root, env: { RUNBOOK_FAST_VALIDATE: '0' } });
        expect(bundle.code).toBe(2); // the fixtures include invalid playbooks
        expect(bundle).toEqual(full);
      });
    }
  }

  it('gives help and argument errors like the full CLI', async () => {
    for (const args of [['validate', '--help'], ['--lang', 'zh-CN', 'validate', '-h'], ['validate', '--format', 'xml', 'runbooks'], ['validate', '--nope'], ['validate', 'missing.yaml']]) {
      const bundle = await runbook(args, { cwd: root });
      const full = await runbook(args, { cwd: root, env: { RUNBOOK_FAST_VALIDATE: '0' } });
      expect(bundle, args.join(' ')).toEqual(full);
    }
  });
});

describe('the code cache', () => {
  // A private copy of the bundle, so the test can make, break and lock its cache.
  const dir = join(temp, 'fast');
  const bundle = join(dir, 'validate.cjs');
  const cache = cachePath(bundle);
  const entry = join(temp, 'entry.cjs');

  async function validate(env: Record<string, string> = {}): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await exec(process.execPath, [entry, 'validate', 'runbooks/'], { cwd: root, env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...env } });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  }

  it('is written on the first run, then used, and never changes the answer', async () => {
    mkdirSync(dir);
    for (const name of ['validate.cjs', 'load.cjs']) copyFileSync(join(root, 'dist/fast', name), join(dir, name));
    writeFileSync(entry, `require(${JSON.stringify(join(root, 'bin/code-cache.js'))}).runWithCodeCache(${JSON.stringify(bundle)});\n`);
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

  it('is optional: RUNBOOK_CODE_CACHE=0 neither reads nor writes it, and a cache that cannot be written is no error', async () => {
    const expected = { code: 0, stdout: '16 playbooks and 1 rules file valid\n' };
    rmSync(cache);
    expect(await validate({ RUNBOOK_CODE_CACHE: '0' })).toEqual(expected);
    expect(existsSync(cache)).toBe(false);

    // A folder where the cache should go makes the final rename fail (as a read-only install would, even for root).
    mkdirSync(cache);
    writeFileSync(join(cache, 'keep'), '');
    expect(await validate()).toEqual(expected);
    expect(statSync(cache).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
