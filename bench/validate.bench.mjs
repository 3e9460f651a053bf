// Cold start of `runbook validate runbooks/` against `node -e 0`: the validate path must stay light (no Ink, React,
// execa). It runs dist/fast/validate.cjs with its compiled code cached, and the files parsed by the run before it kept
// in the parse cache (docs/performance.md), as on a user's second run; validate-first shows the first run with an
// empty parse cache, validate-nocache a run with neither cache.
import { privateParseCache } from './lib/parse-cache.mjs';

const cache = privateParseCache();
export const name = 'validate';
export const description = 'cold `runbook validate runbooks/` vs `node -e 0` (needs `npm run build`)';
export const goal = 2.0;
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'runbook validate runbooks/',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/'],
  env: cache.env,
};
export const setup = cache.setup;
export const teardown = cache.teardown;
