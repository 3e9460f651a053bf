// esbuild plugin: Ink 6's text measure and wrap caches, bounded. Ink keeps every distinct text it ever measured or
// wrapped in two module-level caches that are never emptied (vadimdemedes/ink#986, bounded in Ink 7, which needs
// Node 22): in a long run every elapsed time, spinner frame and step label would stay in memory. The bundle gets
// the same two modules with a bounded cache (oldest entry out first); the build fails if Ink changes them.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Entries per cache: far more than one frame of the live view measures. */
const LIMIT = 2048;

const replacements = {
  'measure-text.js': {
    expect: 'const cache = new Map();',
    contents: `// bounded-ink-caches: Ink's measure-text with a bounded cache (scripts/ink-bounded-caches.mjs).
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
    contents: `// bounded-ink-caches: Ink's wrap-text with a bounded cache (scripts/ink-bounded-caches.mjs).
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

export const boundedInkCaches = {
  name: 'bounded-ink-caches',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](measure-text|wrap-text)\.js$/ }, async (args) => {
      const file = args.path.split(/[\\/]/).pop();
      const replacement = replacements[file];
      const original = await readFile(args.path, 'utf8');
      if (!original.includes(replacement.expect)) {
        throw new Error(`${args.path} changed (no "${replacement.expect}"): check whether Ink still needs scripts/ink-bounded-caches.mjs`);
      }
      // Resolved from Ink's own folder, so its imports are the ones Ink would load.
      return { contents: replacement.contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};
