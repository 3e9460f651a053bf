// Bundles the CLI with esbuild into dist/ (code-split, so commands load only what they use), plus
// dist/fast/validate.cjs, the one-file CommonJS bundle `runbook validate` runs (docs/performance.md), and
// dist/fast/ink.cjs, the live view's libraries (Ink, React, Yoga) as one CommonJS bundle; the compiled code of both
// is cached by running them once (validating the shipped playbooks, a run with the live view: bin/code-cache.js).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inkPatches, withoutTopLevelAwait } from './ink-patches.mjs';
import { warmCaches } from './warm-caches.mjs';
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

// The live view's libraries, loaded by the CLI from dist/fast/ink.cjs (built first: the CLI's build needs the names
// each exports). Node 20 keeps no compiled code of ES modules, and compiling these 800 KB (and the functions of the
// first frames) cost ≈ 15 ms of every start of the view; as one CommonJS file they get a code cache
// (bin/code-cache.js), made by a run at the end of the build and kept fresh by the runs themselves.
const vendorModules = { ink: 'ink', react: 'react', 'react/jsx-runtime': 'jsxRuntime' };
const VENDOR_LOADER = 'runbook:ink-vendor';
/** Every import of Ink and React in the CLI's code: the names of the vendor bundle's exports of that module. */
function inkFromVendor(names) {
  const loader = [
    '// The live view\'s libraries from dist/fast/ink.cjs, with their code cache (scripts/build.mjs); in dist/chunks/.',
    "import { fileURLToPath } from 'node:url';",
    `import { requireWithCodeCache } from ${JSON.stringify(`${root}bin/code-cache.js`)};`,
    "const vendor = requireWithCodeCache(fileURLToPath(new URL('../fast/ink.cjs', import.meta.url)));",
    'await vendor.ready;',
    'export default vendor;',
  ].join('\n');
  return {
    name: 'ink-from-vendor',
    setup(b) {
      b.onResolve({ filter: /^(ink|react|react\/jsx-runtime)$/ }, (args) => ({ path: args.path, namespace: 'ink-vendor' }));
      b.onResolve({ filter: /^runbook:ink-vendor$/ }, () => ({ path: VENDOR_LOADER, namespace: 'ink-vendor-loader' }));
      b.onLoad({ filter: /.*/, namespace: 'ink-vendor-loader' }, () => ({ contents: loader, loader: 'js', resolveDir: root }));
      b.onLoad({ filter: /.*/, namespace: 'ink-vendor' }, (args) => {
        const key = vendorModules[args.path];
        const own = names[key].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default' && name !== '__esModule');
        const lines = [`import vendor from '${VENDOR_LOADER}';`, `const module = vendor.${key};`];
        if (names[key].includes('default')) lines.push('export default module.default;');
        lines.push(`export const { ${own.join(', ')} } = module;`);
        return { contents: lines.join('\n'), loader: 'js', resolveDir: root };
      });
    },
  };
}

/** What dist/fast/'s bundles share: each one CommonJS file, so that bin/code-cache.js can keep its compiled code. */
const oneCommonJsFile = {
  outdir: `${staging}/fast`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

try {
  await build({
    ...oneCommonJsFile,
    entryPoints: { ink: 'scripts/ink-vendor.mjs' },
    define: production,
    external: ['react-devtools-core'],
    plugins: [withoutTopLevelAwait, inkPatches, globalProcess],
  });
  const vendorPath = `${staging}/fast/ink.cjs`;
  // What each module exports, asked of the bundle itself (in a process of its own: loading it starts Yoga).
  const listed = spawnSync(
    process.execPath,
    ['-e', `const v = require(${JSON.stringify(vendorPath)}); process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(Object.values(vendorModules))}.map((k) => [k, Object.keys(v[k])]))))`],
    { encoding: 'utf8' },
  );
  if (listed.status !== 0) throw new Error(`dist/fast/ink.cjs does not load:\n${listed.stderr}`);
  const vendorNames = JSON.parse(listed.stdout);
  const main = await build({
    // ink-worker: the live view's thread (src/ui/ink/view-thread.ts), sharing the CLI's chunks.
    entryPoints: { cli: 'src/cli/main.ts', 'ink-worker': 'src/ui/ink/view-thread-start.ts' },
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
    plugins: [inkFromVendor(vendorNames), inkPatches, yamlPatches, globalProcess],
    metafile: true,
    banner: {
      // Bundled CommonJS dependencies (handlebars, react) may call require().
      js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  // The loader finds dist/fast/ from its own place, dist/chunks/; and no chunk has an Ink or React of its own.
  for (const [output, { inputs }] of Object.entries(main.metafile.outputs)) {
    const names = Object.keys(inputs);
    if (names.some((input) => input.includes(VENDOR_LOADER)) && !/\/chunks\/[^/]+\.js$/.test(output)) throw new Error(`the Ink loader must be in dist/chunks/, not ${output}`);
    // It finds dist/ink-worker.js from its place the same way.
    if (names.includes('src/ui/ink/view-thread.ts') && !/\/chunks\/[^/]+\.js$/.test(output)) throw new Error(`the view thread's module must be in dist/chunks/, not ${output}`);
    const bundled = names.filter((input) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(input));
    if (bundled.length > 0) throw new Error(`${output} must take Ink and React from dist/fast/ink.cjs, but bundles:\n  ${bundled.join('\n  ')}`);
  }
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
    ...oneCommonJsFile,
    entryPoints: { validate: 'src/cli/fast-validate.ts' },
    metafile: true,
    // CommonJS has no import.meta: the few modules that resolve files from their own URL get the bundle's.
    define: { ...production, ...parseCacheKey, 'import.meta.url': '__runbookModuleUrl' },
    banner: { js: "const __runbookModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [validateOnly, yamlPatches],
  });
  writeBuildId(staging);
  // The build id bin/code-cache.js keys the bundle's code cache by (V8 alone would only compare lengths).
  for (const bundlePath of [`${staging}/fast/validate.cjs`, vendorPath]) {
    asciiOnly(bundlePath);
    appendFileSync(bundlePath, `//# runbook-build=${createHash('sha256').update(readFileSync(bundlePath)).digest('hex')}\n`);
  }
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

// Cache the compiled code of both CommonJS bundles (bin/code-cache.js, or Node's own cache) by running them once.
warmCaches(root);

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
