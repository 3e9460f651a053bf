// Cold start of `runbook validate` on one playbook against `node -e 0`: the fixed start-up cost of the validate path
// (loading its bundle), which a check of one file on save pays. The parse cache is a folder of its own, warm after
// the first run, as in validate.bench.mjs.
import { privateParseCache } from './lib/parse-cache.mjs';

const cache = privateParseCache();
export const name = 'validate-one';
export const description = 'cold `runbook validate runbooks/mlflow-permissions.yaml` vs `node -e 0` (needs `npm run build`)';
export const goal = 1.6;
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'runbook validate (1 playbook)',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/mlflow-permissions.yaml'],
  env: cache.env,
};
export const setup = cache.setup;
export const teardown = cache.teardown;
