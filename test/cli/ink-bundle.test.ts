// The live view's libraries (Ink, React, Yoga) are one CommonJS bundle, dist/fast/ink.cjs, whose compiled code Node 20
// keeps between runs through bin/code-cache.js: the view must draw the same with and without that cache, the cache
// must be made once and then used (V8 rejects one made under other flags, and a run sets flags as it goes), and a
// broken or unwritable cache is never an error.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftOnScreen } from '../helpers/screen.js';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-ink-bundle-'));
// A private copy of the CLI (bin/ and dist/, which is all `play` loads), so the test can make, break and lock its caches.
const copy = join(temp, 'runbook');
const fast = join(copy, 'dist', 'fast');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(copy);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
  for (const name of readdirSync(fast)) if (name.startsWith('ink.cjs.') && name.endsWith('.cache')) rmSync(join(fast, name), { recursive: true });
  // One quick step, and one printing 24 MiB: past 16 MiB of output a run lets V8's young generation grow (a flag
  // set mid-run, src/engine/run/heap.ts), which a cache made at exit must not carry.
  writeFileSync(join(temp, 'one.yaml'), 'name: one\ntitle: One step\nrisk: low\nsteps:\n  - id: hello\n    run: echo hello from the step\n');
  writeFileSync(
    join(temp, 'flood.yaml'),
    "name: flood\ntitle: Flood\nrisk: low\nsteps:\n  - id: flood\n    run: '{ yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx || true; } | head -c 25165824'\n",
  );
});

/** `runbook play <playbook> --yes --output ink` from the copy; stdout is the view as drawn (not a terminal: no cursor moves). */
async function play(playbook: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', RUNBOOK_HOME: join(temp, 'home') };
  delete base.NODE_DISABLE_COMPILE_CACHE;
  delete base.CI;
  delete base.DEV;
  try {
    // As on Node 20 whatever Node runs the tests: Node >= 22.1 keeps compiled code in a cache of its own instead.
    const node20 = ['--import', new URL('../fixtures/code-cache/without-node-cache.mjs', import.meta.url).href];
    const { stdout, stderr } = await exec(process.execPath, [...node20, join(copy, 'bin/runbook.js'), 'play', join(temp, playbook), '--yes', '--output', 'ink'], {
      cwd: temp,
      env: { ...base, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The caches beside the bundle: name → content. */
function caches(): Map<string, Buffer> {
  return new Map(
    readdirSync(fast)
      .filter((name) => name.startsWith('ink.cjs.') && name.endsWith('.cache'))
      .map((name) => [name, statSync(join(fast, name)).isFile() ? readFileSync(join(fast, name)) : Buffer.alloc(0)]),
  );
}

/** What the view said, without what changes from run to run (durations, the journal's folder). */
function drawn(stdout: string): string {
  // A run that took longer than a frame (a loaded machine) draws one more frame while its step runs, which the next
  // frame erases: what is on the screen at the end is the same.
  return leftOnScreen(stdout)
    .replace(/\d+(\.\d+)?(ms|s)\b/g, 'T')
    .replace(/journal: \S+/g, 'journal: J')
    .replace(/run \d{8}-\d{6}-\w+/g, 'run R')
    .trim();
}

describe("the live view's code cache (dist/fast/ink.cjs)", () => {
  it('is made by the first run, then used as it is: after a quick run and after one whose flags changed mid-run', async () => {
    expect(caches().size).toBe(0);
    const first = await play('one.yaml');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('hello from the step');
    const made = caches();
    expect(made.size).toBe(1);
    const [name, content] = [...made][0]!;
    expect(name).toMatch(/^ink\.cjs\.[\d.]+-node\.\d+-\w+-[0-9a-f]{8}\.cache$/);
    expect(content.subarray(0, 21).toString('latin1')).toBe('runbook-code-cache-3 ');

    const again = await play('one.yaml');
    expect(drawn(again.stdout)).toBe(drawn(first.stdout));
    expect(caches()).toEqual(made);

    const flood = await play('flood.yaml');
    expect(flood.code).toBe(0);
    expect(caches()).toEqual(made);
    // Nor was the cache a flooded run would have made (under other flags) left for the next run to reject.
    rmSync(join(fast, name));
    expect((await play('flood.yaml')).code).toBe(0);
    const afterFlood = caches();
    expect([...afterFlood.keys()]).toEqual([name]);
    expect((await play('one.yaml')).code).toBe(0);
    expect(caches()).toEqual(afterFlood);
  }, 60_000);

  it('draws the same without a cache, with a corrupt one (which is replaced), and with NODE_DISABLE_COMPILE_CACHE (nothing written)', async () => {
    const expected = drawn((await play('one.yaml')).stdout);
    const [[name, good]] = [...caches()] as [[string, Buffer]];
    const corrupt = Buffer.concat([good.subarray(0, good.indexOf(10) + 1), Buffer.alloc(4096, 7)]);
    writeFileSync(join(fast, name), corrupt);
    const withCorrupt = await play('one.yaml');
    expect(withCorrupt.code).toBe(0);
    expect(drawn(withCorrupt.stdout)).toBe(expected);
    expect(caches().get(name)!.length).toBeGreaterThan(10_000);

    rmSync(join(fast, name));
    const uncached = await play('one.yaml', { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(drawn(uncached.stdout)).toBe(expected);
    expect(caches().size).toBe(0);

    // A cache that cannot be written (a folder in its place, as a read-only install would refuse it) is no error.
    mkdirSync(join(fast, name));
    const unwritable = await play('one.yaml');
    expect(unwritable.code).toBe(0);
    expect(drawn(unwritable.stdout)).toBe(expected);
    expect(statSync(join(fast, name)).isDirectory()).toBe(true);
    expect(readdirSync(fast).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    rmSync(join(fast, name), { recursive: true });
  }, 60_000);

  it("still says how to get React's devtools with DEV=true (Ink's message; the devtools are not shipped)", async () => {
    const result = await play('one.yaml', { DEV: 'true' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('npm install --save-dev react-devtools-core');
    expect(result.stdout).toContain('hello from the step');
  }, 30_000);
});

describe('the CLI takes Ink and React from dist/fast/ink.cjs', () => {
  it('and bundles no copy of its own: one React in a process', () => {
    const chunks = readdirSync(join(root, 'dist', 'chunks')).filter((name) => name.endsWith('.js.map'));
    const own = chunks.filter((name) =>
      (JSON.parse(readFileSync(join(root, 'dist', 'chunks', name), 'utf8')) as { sources: string[] }).sources.some((s) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(s)),
    );
    expect(own).toEqual([]);
    expect(existsSync(join(root, 'dist', 'fast', 'ink.cjs'))).toBe(true);
  });
});
