// For information, no goal: cold `runbook validate runbooks/` without the V8 code cache (RUNBOOK_CODE_CACHE=0),
// i.e. the first run after an install whose cache could not be written, or on another Node version.
export const name = 'validate-nocache';
export const description = 'cold `runbook validate runbooks/` without the code cache vs `node -e 0` (information, no goal)';
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'validate runbooks/, no cache',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/'],
  env: { RUNBOOK_CODE_CACHE: '0' },
};
