// The validate benchmarks' parse cache (src/engine/parse-cache.ts): a folder of their own (XDG_CACHE_HOME), not the user's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `env` for the case (filled by setup), `setup`/`teardown` for the benchmark, `empty()` to start the cache over. */
export function privateParseCache() {
  const env = {};
  return {
    env,
    setup() {
      env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'runbook-bench-cache-'));
    },
    teardown() {
      if (env.XDG_CACHE_HOME) rmSync(env.XDG_CACHE_HOME, { recursive: true, force: true });
    },
    empty() {
      rmSync(join(env.XDG_CACHE_HOME, 'runbook'), { recursive: true, force: true });
    },
  };
}
