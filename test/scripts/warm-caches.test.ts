// The build's warming runs (scripts/warm-caches.mjs) make the code caches and touch nothing of the builder's runbook
// setup: a RUNBOOK_METRICS_FILE, RUNBOOK_HOME or CI in the environment of `npm ci` must not reach the runs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'runbook-warm-caches-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("the build's warming runs", () => {
  it('make the caches without counting a run in the metrics file, the home or anywhere else of the builder', () => {
    // A private copy of what the runs load (the global test setup built dist/), without its caches; the packages
    // left out of the bundles (prom-client writes the metrics file) from the checkout's node_modules.
    const copy = join(temp, 'runbook');
    mkdirSync(copy);
    for (const part of ['bin', 'dist', 'runbooks', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    const fast = join(copy, 'dist', 'fast');
    for (const name of readdirSync(fast)) if (name.endsWith('.cache')) rmSync(join(fast, name));

    const metrics = join(temp, 'metrics.prom');
    const home = join(temp, 'builder-home');
    // A builder's NODE_OPTIONS with a V8 flag: a cache warmed under it would be named after it, and no plain run would use it.
    const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_METRICS_FILE: metrics, RUNBOOK_HOME: home, CI: 'true', NODE_OPTIONS: '--max-old-space-size=3000' };
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const warm = `import { warmCaches } from ${JSON.stringify(pathToFileURL(join(root, 'scripts/warm-caches.mjs')).href)}; warmCaches(process.argv[1]);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', warm, copy], { env, encoding: 'utf8', timeout: 60_000 });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(existsSync(metrics)).toBe(false);
    expect(existsSync(home)).toBe(false);
    // Node 20 keeps these two bundles' code in caches beside them (bin/code-cache.js); Node >= 22.1 in its own folder.
    if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
      const caches = readdirSync(fast).filter((name) => name.endsWith('.cache'));
      expect(caches.filter((name) => name.startsWith('validate.cjs.'))).toHaveLength(1);
      expect(caches.filter((name) => name.startsWith('ink.cjs.'))).toHaveLength(1);
      // ... and they are the ones a real run uses: a run with the view makes no cache of its own.
      const playbook = join(temp, 'one.yaml');
      writeFileSync(playbook, 'name: one\ntitle: One\nsteps:\n  - id: a\n    run: "true"\n');
      const runEnv: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_HOME: join(temp, 'run-home') };
      for (const name of ['NODE_OPTIONS', 'NODE_DISABLE_COMPILE_CACHE', 'CI']) delete runEnv[name];
      const run = spawnSync(process.execPath, [join(copy, 'bin/runbook.js'), 'play', playbook, '--yes', '--output', 'ink'], { env: runEnv, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(readdirSync(fast).filter((name) => name.endsWith('.cache')).sort()).toEqual([...caches].sort());
    }
  }, 60_000);
});
