// For information, no goal: cold `runbook validate runbooks/` without the compile cache (NODE_DISABLE_COMPILE_CACHE)
// and without the parse cache (RUNBOOK_DISABLE_PARSE_CACHE), i.e. a run where neither cache could be written.
export const name = 'validate-nocache';
export const description = 'cold `runbook validate runbooks/` without the compile and parse caches vs `node -e 0` (information, no goal)';
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'validate runbooks/, no cache',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/'],
  env: { NODE_DISABLE_COMPILE_CACHE: '1', RUNBOOK_DISABLE_PARSE_CACHE: '1' },
};
