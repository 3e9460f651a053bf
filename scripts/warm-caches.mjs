// After a build, makes the compiled-code caches of the two CommonJS bundles (bin/code-cache.js) by running each once,
// in a sandbox of its own: a build must touch nothing of the builder's runbook setup (home, metrics file, inventory).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment of a warming run: the builder's, without what configures runbook (every RUNBOOK_* variable: a
 * `RUNBOOK_METRICS_FILE` would count the warming run in production metrics), says it runs in CI, or gives Node
 * flags of the builder's (NODE_OPTIONS: a V8 flag there names the cache after it, one plain runs never use), plus `extra`.
 */
export function warmEnv(env, extra) {
  const clean = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('RUNBOOK_') && name !== 'CI' && name !== 'NODE_OPTIONS'));
  return { ...clean, ...extra };
}

/** Runs the CLI at `root` (bin/, dist/, runbooks/) twice to make its caches; a failure is a warning, not a failed build. */
export function warmCaches(root) {
  const temp = mkdtempSync(join(tmpdir(), 'runbook-build-'));
  try {
    // validate's bundle, by validating the shipped playbooks; its parse cache goes to a folder of its own, not the user's.
    const warm = spawnSync(process.execPath, [join(root, 'bin/runbook.js'), 'validate', join(root, 'runbooks')], {
      cwd: root,
      stdio: 'ignore',
      env: warmEnv(process.env, { XDG_CACHE_HOME: join(temp, 'cache'), RUNBOOK_HOME: join(temp, 'home') }),
    });
    if (warm.status !== 0) process.stderr.write(`build: warning: making the validate code cache failed (exit ${warm.status ?? warm.signal}); validate will make it on its first run\n`);

    // The live view's libraries, by a run of one step with the view (its output thrown away; a home of its own).
    // One cache per set of V8 flags: this is `play`'s (bin/runbook.js); `runbook new` makes its own on first use.
    writeFileSync(join(temp, 'warm.yaml'), 'name: warm\ntitle: Warm the live view\nrisk: low\nsteps:\n  - id: warm\n    run: "true"\n');
    const view = spawnSync(process.execPath, [join(root, 'bin/runbook.js'), 'play', join(temp, 'warm.yaml'), '--yes', '--output', 'ink'], {
      cwd: temp,
      stdio: 'ignore',
      env: warmEnv(process.env, { RUNBOOK_HOME: join(temp, 'home'), XDG_CACHE_HOME: join(temp, 'cache') }),
    });
    if (view.status !== 0) process.stderr.write(`build: warning: making the live view's code cache failed (exit ${view.status ?? view.signal}); the view will make it on its first run\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
