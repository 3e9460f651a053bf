#!/usr/bin/env node
// Entry point of the `runbook` command: runs the bundles built by `npm run build`.
//
// `runbook validate` runs dist/fast/validate.cjs, a bundle of only what validate needs, compiled with a
// V8 code cache kept beside it (docs/performance.md): validate runs on every push and every save, so its
// cold start matters. Every other command (and validate when RUNBOOK_FAST_VALIDATE=0) runs dist/cli.js.
// This folder is CommonJS (bin/package.json), so the validate path starts without the ES module loader.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const cli = join(__dirname, '..', 'dist', 'cli.js');
const fast = join(__dirname, '..', 'dist', 'fast', 'validate.cjs');
if (!existsSync(cli)) {
  process.stderr.write('runbook: dist/cli.js is missing. Run `npm run build` (or `npm ci`, which builds) first.\n');
  process.exit(70);
}

/** The command word: the first argument that is not `--lang X` / `--lang=X`. */
function commandName(args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--lang') i++;
    else if (!args[i].startsWith('--lang=')) return args[i];
  }
  return undefined;
}

const command = commandName(process.argv.slice(2));
if (command === 'play' || command === 'resume') {
  // A run forks a process per step, and a fork costs more the more memory runbook has touched
  // (docs/performance.md): V8's young generation stays at its first size instead of growing to 32 MiB.
  // Read by V8 each time it would grow, so setting it here, before anything is loaded, takes effect.
  require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}

if (command === 'validate' && process.env.RUNBOOK_FAST_VALIDATE !== '0' && existsSync(fast)) {
  require('./code-cache.js').runWithCodeCache(fast);
} else {
  import(pathToFileURL(cli).href).catch((error) => {
    process.stderr.write(`runbook: cannot load dist/cli.js (run \`npm run build\`):\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  });
}
