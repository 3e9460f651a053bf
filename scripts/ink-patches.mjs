// esbuild plugin: two fixes to Ink 6 (the last Ink for Node 20) in the bundle, each checked against the source it
// replaces, so the build fails when a new version changes it:
// - its text measure and wrap caches, bounded. Ink keeps every distinct text it ever measured or wrapped in two
//   module-level caches that are never emptied (vadimdemedes/ink#986, bounded in Ink 7, which needs Node 22): in a
//   long run every elapsed time, spinner frame and step label would stay in memory;
// - a fast path in the styling of a frame's cells: comparing the styles of two unstyled cells (most of a frame)
//   built three Sets per cell, half of what a frame allocates;
// - Ink's own CI detection (is-in-ci: CI=true in the environment) off. runbook decides when a live view is
//   drawn (src/ui/reporter.ts: never under CI; the `new` wizard only on a terminal); with the detection on, a
//   wizard started on a terminal where CI happens to be set drew nothing until it ended.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Entries per cache: far more than one frame of the live view measures. */
const LIMIT = 2048;

const inkReplacements = {
  'measure-text.js': {
    expect: 'const cache = new Map();',
    contents: `// bounded-ink-caches: Ink's measure-text with a bounded cache (scripts/ink-patches.mjs).
import widestLine from 'widest-line';
const cache = new Map();
const measureText = (text) => {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = cache.get(text);
  if (cached) return cached;
  const dimensions = { width: widestLine(text), height: text.split('\\n').length };
  if (cache.size >= ${LIMIT}) cache.delete(cache.keys().next().value);
  cache.set(text, dimensions);
  return dimensions;
};
export default measureText;
`,
  },
  'wrap-text.js': {
    expect: 'const cache = {};',
    contents: `// bounded-ink-caches: Ink's wrap-text with a bounded cache (scripts/ink-patches.mjs).
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
const cache = new Map();
const wrapText = (text, maxWidth, wrapType) => {
  // Width and type first, delimited: a text ending in digits cannot pass for another width.
  const key = maxWidth + '\\u0000' + wrapType + '\\u0000' + text;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let wrapped = text;
  if (wrapType === 'wrap') wrapped = wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    wrapped = cliTruncate(text, maxWidth, { position });
  }
  if (cache.size >= ${LIMIT}) cache.delete(cache.keys().next().value);
  cache.set(key, wrapped);
  return wrapped;
};
export default wrapText;
`,
  },
};

const diffFastPath = {
  expect: 'export function diffAnsiCodes(from, to) {',
  replace: 'export function diffAnsiCodes(from, to) {\n    // ink-patches: two unstyled cells need no codes (scripts/ink-patches.mjs).\n    if (from.length === 0 && to.length === 0) return [];',
};

const notInCi = {
  expect: "const isInCi = check('CI') || check('CONTINUOUS_INTEGRATION');",
  contents: '// ink-patches: runbook decides when Ink draws (scripts/ink-patches.mjs).\nexport default false;\n',
};

async function patched(path, check, make) {
  const original = await readFile(path, 'utf8');
  if (!original.includes(check)) throw new Error(`${path} changed (no "${check}"): check whether scripts/ink-patches.mjs is still needed`);
  // Resolved from the module's own folder, so its imports are the ones it would load.
  return { contents: make(original), loader: 'js', resolveDir: dirname(path) };
}

export const inkPatches = {
  name: 'ink-patches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](measure-text|wrap-text)\.js$/ }, (args) => {
      const replacement = inkReplacements[args.path.split(/[\\/]/).pop()];
      return patched(args.path, replacement.expect, () => replacement.contents);
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]is-in-ci[\\/]index\.js$/ }, (args) => patched(args.path, notInCi.expect, () => notInCi.contents));
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ }, (args) =>
      // Without its source map comment: the map would show the TypeScript source, which this no longer is.
      patched(args.path, diffFastPath.expect, (original) => original.replace(diffFastPath.expect, diffFastPath.replace).replace(/\/\/# sourceMappingURL=.*$/m, '')),
    );
  },
};
