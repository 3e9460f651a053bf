#!/usr/bin/env node
// Entry point of the `runbook` command: runs the bundles built by `npm run build`.
//
// `runbook validate` runs dist/fast/validate.cjs, a bundle of only what validate needs: validate runs on every
// push and every save, so its cold start matters (docs/performance.md). Every other command runs dist/cli.js.
// Compiled code is kept between runs: by Node itself where it can (module.enableCompileCache, Node ≥ 22.1, for
// every command), else for the validate bundle and the live view's libraries (dist/fast/ink.cjs) by
// bin/code-cache.js. NODE_DISABLE_COMPILE_CACHE turns both off.
// This folder is CommonJS (bin/package.json), so the validate path starts without the ES module loader.
'use strict';
const { existsSync } = require('node:fs');
const { enableCompileCache } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const cli = join(__dirname, '..', 'dist', 'cli.js');
const validateBundle = join(__dirname, '..', 'dist', 'fast', 'validate.cjs');
if (!existsSync(cli)) {
  process.stderr.write('runbook: dist/cli.js is missing. Run `npm run build` (or `npm ci`, which builds) first.\n');
  process.exit(70);
}
// Node ≥ 22.1 caches the code of every module loaded from here on (in the temporary folder); a failure is no error.
if (typeof enableCompileCache === 'function') enableCompileCache();

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
  // Through setV8Flags: flags name the code cache of the live view's libraries (bin/code-cache.js).
  const { ownCompilerFlags, setV8Flags } = require('./code-cache.js');
  setV8Flags('--semi-space-growth-factor=1');
  // The old generation likewise: after each full collection V8 lets it grow to 1.1-4× what is live, a factor it
  // picks from how fast collection and the program ran, so on a busy machine a 1,500-step run peaked anywhere from
  // 100 to 135 MB for the same 17 MB live. A fixed 1.5× (at least live + 8 MB, V8's smallest step) keeps it near live.
  setV8Flags('--heap-growing-percent=50');
  // No optimising compiler while steps are forked (docs/performance.md, "Forks and the optimising compiler"): a run's
  // JavaScript between two steps is small, but TurboFan compiled it on worker threads whose malloc arenas stayed
  // touched (≈ 8 MB), which every later fork copied and tore down again: per step, more than the compiled code saved.
  // Output in bulk turns it back on (src/engine/run/heap.ts): there the JavaScript is the work.
  // Not when Node was started with such a flag of its own (`node --jitless …`).
  if (!ownCompilerFlags()) setV8Flags('--no-opt');
}

if (command === 'validate' && existsSync(validateBundle)) {
  // Without V8's optimising compiler (src/cli/commands/validate.ts says why). Flags are part of cached code's
  // identity, so this is set before the bundle is compiled: its code is always cached and used under the same flags.
  require('node:v8').setFlagsFromString('--no-opt');
  if (typeof enableCompileCache === 'function') require(validateBundle);
  else require('./code-cache.js').runWithCodeCache(validateBundle);
} else {
  import(pathToFileURL(cli).href).catch((error) => {
    process.stderr.write(`runbook: cannot load dist/cli.js (run \`npm run build\`):\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  });
}
