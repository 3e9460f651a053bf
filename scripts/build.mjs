// Bundles the CLI with esbuild into dist/ (code-split, so commands load only what they use), plus
// dist/fast/validate.cjs, the one-file CommonJS bundle `runbook validate` runs (docs/performance.md), and its
// compiled code cached by validating the shipped playbooks once (bin/runbook.js, bin/code-cache.js).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inkPatches } from './ink-patches.mjs';
import { yamlPatches } from './yaml-patches.mjs';

const root = new URL('..', import.meta.url).pathname;
const outdir = `${root}dist`;
// Build beside dist/ and swap it in, so a CLI started meanwhile never finds dist/ half-written.
const staging = `${root}.dist-build-${process.pid}`;
// Every bundle is a production build: React (and Ink) otherwise pick their development builds at run time,
// whose dev-only checks keep warnings and performance entries alive for every render (issue 13).
const production = { 'process.env.NODE_ENV': '"production"' };
// validate's parse cache (src/engine/parse-cache.ts) keeps its entries under the build that made them and the parsers'
// versions. The build id is a hash of every bundle written, so it is put in after bundling, in place of this marker
// (same length: the source maps stay right).
const BUILD_ID_MARKER = 'runbook-build-id:'.padEnd(64, '-');
const parsers = ['yaml', 'handlebars'].map((name) => `${name}@${JSON.parse(readFileSync(`${root}node_modules/${name}/package.json`, 'utf8')).version}`).join(' ');
const parseCacheKey = { __RUNBOOK_BUILD_ID__: JSON.stringify(BUILD_ID_MARKER), __RUNBOOK_PARSERS__: JSON.stringify(parsers) };

// Dependencies (Ink's, execa's) import `node:process` as a module: Node then copies every property of `process` into
// the module's exports, which loads what its lazy getters stand for (process.report, …): ≈ 3.5 ms of CPU at the start
// of the live view. The same object, taken from the global instead. A name imported that is not here fails the build.
const processNames = ['cwd', 'execArgv', 'execPath', 'hrtime', 'platform'];
const globalProcess = {
  name: 'global-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?process$/ }, () => ({ path: 'process', namespace: 'global-process' }));
    b.onLoad({ filter: /.*/, namespace: 'global-process' }, () => ({
      contents: `const p = globalThis.process;\nexport default p;\n${processNames.map((name) => `export const ${name} = p.${name};`).join('\n')}\n`,
      loader: 'js',
    }));
  },
};

try {
  await build({
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    // Ink optionally loads the React devtools; we never enable them. `runbook serve`'s store and metrics
    // load from node_modules: better-sqlite3 is a native addon, and pg optionally requires pg-native.
    external: ['react-devtools-core', 'better-sqlite3', 'pg', 'prom-client'],
    define: { ...production, ...parseCacheKey },
    plugins: [inkPatches, yamlPatches, globalProcess],
    banner: {
      // Bundled CommonJS dependencies (handlebars, react) may call require().
      js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // The validate bundle: CommonJS (no ES module loader at start-up, and a code cache for one file), one file.
  const validateOnly = {
    name: 'validate-only',
    setup(b) {
      // Rendering (and the whole Handlebars compiler) is for plan/play; validate's check mode renders nothing.
      b.onResolve({ filter: /(^|\/)template-render\.js$/ }, () => ({ path: 'template-render', namespace: 'not-in-validate' }));
      b.onLoad({ filter: /.*/, namespace: 'not-in-validate' }, () => ({
        contents: "throw new Error('template rendering is not part of the validate bundle (dist/fast/validate.cjs)');",
      }));
      // The step registry reaches src/process/group.ts, but validate never spawns: node:child_process (and the
      // net, dgram and stream modules it loads, ~3 ms) loads on the first spawn, not at start-up. Importing any
      // other name of node:child_process into the bundle fails the build ("No matching export").
      b.onResolve({ filter: /^node:child_process$/ }, (args) =>
        args.namespace === 'lazy-child-process' ? { path: 'node:child_process', external: true } : { path: 'child_process', namespace: 'lazy-child-process' },
      );
      b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
        contents: ['spawn', 'spawnSync', 'execFileSync']
          .map((name) => `export function ${name}(...args) { return require('node:child_process').${name}(...args); }`)
          .join('\n'),
        loader: 'js',
      }));
    },
  };
  const fast = await build({
    entryPoints: { validate: 'src/cli/fast-validate.ts' },
    outdir: `${staging}/fast`,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    // CommonJS has no import.meta: the few modules that resolve files from their own URL get the bundle's.
    define: { ...production, ...parseCacheKey, 'import.meta.url': '__runbookModuleUrl' },
    banner: { js: "const __runbookModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [validateOnly, yamlPatches],
    logLevel: 'warning',
  });
  writeBuildId(staging);
  // The build id bin/code-cache.js keys the bundle's code cache by (V8 alone would only compare lengths).
  const bundlePath = `${staging}/fast/validate.cjs`;
  asciiOnly(bundlePath);
  appendFileSync(bundlePath, `//# runbook-build=${createHash('sha256').update(readFileSync(bundlePath)).digest('hex')}\n`);
  // The point of the bundle is a light start: fail the build if the UI or process libraries crept into it.
  const heavy = Object.keys(fast.metafile.inputs).filter((input) => /node_modules\/(ink|react|react-reconciler|yoga-layout|execa|marked)\//.test(input));
  if (heavy.length > 0) throw new Error(`dist/fast/validate.cjs must not bundle the UI or process libraries, but has:\n  ${heavy.join('\n  ')}`);
  const old = `${root}.dist-old-${process.pid}`;
  try {
    renameSync(outdir, old);
  } catch {
    // no previous build
  }
  renameSync(staging, outdir);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}

// Cache the validate bundle's compiled code (written by the run itself: bin/code-cache.js, or Node's own cache).
// Its parse cache goes to a folder of its own, not the user's: building is not validating their files.
const parseCache = mkdtempSync(join(tmpdir(), 'runbook-build-'));
const warm = spawnSync(process.execPath, [`${root}bin/runbook.js`, 'validate', `${root}runbooks`], { cwd: root, stdio: 'ignore', env: { ...process.env, XDG_CACHE_HOME: parseCache } });
rmSync(parseCache, { recursive: true, force: true });
if (warm.status !== 0) process.stderr.write(`build: warning: making the validate code cache failed (exit ${warm.status ?? warm.signal}); validate will make it on its first run\n`);

/** Puts the build's id (a hash of every JavaScript file written, each with the marker) in place of the marker. */
function writeBuildId(dir) {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => /\.c?js$/.test(name))
    .sort();
  const hash = createHash('sha256');
  const texts = files.map((name) => readFileSync(join(dir, name), 'latin1'));
  files.forEach((name, i) => hash.update(`${name}\0${texts[i]}\0`));
  const id = hash.digest('hex');
  files.forEach((name, i) => {
    if (texts[i].includes(BUILD_ID_MARKER)) writeFileSync(join(dir, name), texts[i].split(BUILD_ID_MARKER).join(id), 'latin1');
  });
}

/**
 * esbuild escapes every non-ASCII character of strings, templates, regular expressions and names (charset
 * ascii), but keeps a few comments as written; one `…` in a comment makes V8 hold the whole 1 MB bundle as a
 * two-byte string, which costs ~2% of a cold validate (decoding, scanning lazily compiled functions). Each
 * UTF-16 unit left (in comments only) becomes `?`, so every column of the source map stays right.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  if (!/[\u0080-\uffff]/.test(text)) return;
  writeFileSync(file, text.replace(/[\u0080-\uffff]/g, '?'));
}
