// Runs only the validate benchmark: `node bench/validate.mjs [--quick]` (same as `node bench/run.mjs --only validate`).
process.argv.push('--only', 'validate');
await import('./run.mjs');
