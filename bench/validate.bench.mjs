// Cold start of `runbook validate runbooks/` against `node -e 0`: the validate path must stay light (no Ink, React,
// execa). It runs dist/fast/validate.cjs with its compiled code cached (docs/performance.md); validate-nocache
// shows it without.
export const name = 'validate';
export const description = 'cold `runbook validate runbooks/` vs `node -e 0` (needs `npm run build`)';
export const goal = 2.0;
export const baseline = { label: 'node -e 0', command: [process.execPath, '-e', '0'] };
export const subject = {
  label: 'runbook validate runbooks/',
  command: [process.execPath, process.env.RUNBOOK_BIN ?? 'bin/runbook.js', 'validate', 'runbooks/'],
};
