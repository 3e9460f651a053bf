// For information, no goal: cold `runbook validate runbooks/` with an empty parse cache (emptied before every run), i.e.
// the first run after an install or an upgrade, or a run where every file changed: everything parsed, then kept.
import { privateParseCache } from './lib/parse-cache.mjs';

const cache = privateParseCache();
export const name = 'validate-first';
export const description = 'cold `runbook validate runbooks/` with an empty parse cache vs `node -e 0` (information, no goal)';
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'validate runbooks/, first run',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/'],
  env: cache.env,
  beforeEach: cache.empty,
};
export const setup = cache.setup;
export const teardown = cache.teardown;
