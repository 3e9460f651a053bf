// Entry of the `validate` bundle (dist/fast/validate.cjs): bin/runbook.js runs it for `runbook validate`.
//
// `validate` runs in CI on every push and in editors on save, so its cold start matters. This bundle holds
// only what validate needs, as one CommonJS file, which bin/runbook.js runs with its compiled code cached (see
// docs/performance.md). Everything else goes through the full CLI (dist/cli.js).
import { command } from './commands/validate.js';
import { runCli } from './run.js';

runCli(process.argv.slice(2), { validate: { load: () => Promise.resolve({ command }) } }, () => {
  // bin/runbook.js sends only `runbook validate ...` here, so help is never asked for.
  throw new Error('the validate bundle has no help; bin/runbook.js routes only `runbook validate` here');
});
