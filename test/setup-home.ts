// Every test worker gets a runbook home of its own: no test writes to the real /var/lib/runbook or
// ~/.local/state/runbook (a test of the default home sets RUNBOOK_HOME='' and HOME/XDG_STATE_HOME itself).
// Likewise a cache folder of its own (XDG_CACHE_HOME): `runbook validate` keeps its parse cache there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'runbook-test-home-'));
const cache = mkdtempSync(join(tmpdir(), 'runbook-test-cache-'));
process.env.RUNBOOK_HOME = home;
process.env.XDG_CACHE_HOME = cache;

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});
