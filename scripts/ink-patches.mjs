// esbuild plugin: fixes to Ink 6 (the last Ink for Node 20) in the bundle, each checked against the source it
// replaces, so the build fails when a new version changes it:
// - its text measure and wrap caches, bounded. Ink keeps every distinct text it ever measured or wrapped in two
//   module-level caches that are never emptied (vadimdemedes/ink#986, bounded in Ink 7, which needs Node 22): in a
//   long run every elapsed time, spinner frame and step label would stay in memory;
// - a fast path in the styling of a frame's cells: comparing the styles of two unstyled cells (most of a frame)
//   built three Sets per cell, half of what a frame allocates;
// - Yoga's WebAssembly decoded from its base64 with Buffer. Its Emscripten loader otherwise fetches its own data: URL
//   with fetch(), which loads undici (≈ 25 ms of CPU at the start of every live view, issue 13);
// - string-width 8 (how Ink measures every text of every frame): besides printable ASCII, a text of characters that
//   each take one column on their own and never join a neighbour (the view's icons, spinner, `│`, `…`, `·`) is as
//   wide as it is long. The characters are found at build time by asking that same string-width about each one;
//   without this every frame's rows went through Intl.Segmenter and Unicode property regular expressions;
// - no render left pending after unmount: Ink's unmount empties its tree after it settled its throttled render,
//   and that commit queues the render again — which then does nothing (unmounted) but, a timer, keeps the process
//   alive for one more frame (50 ms at the end of every `play` with the live view);
// - nothing of ICU's text segmentation loaded before a text needs it: the first `new Intl.Segmenter()` of a process
//   costs ≈ 7 ms of CPU (ICU's break rules) and the first `/\p{RGI_Emoji}/v` ≈ 11 ms (its emoji sequences), and
//   string-width (7 and 8), slice-ansi and ansi-tokenize each made theirs at import, on every start of the live view.
//   Each is made when first used, and ansi-tokenize (which splits every line of every frame into graphemes) takes
//   a text of characters that are each a grapheme of their own (printable ASCII, ESC, the view's symbols) one
//   character at a time, as the segmenter would (issue 13);
// - signal-exit 3 (Ink's and restore-cursor's) without node:assert, which it loads (≈ 1.5 ms, four modules) for one
//   check of its argument: the same check, without the module;
// - Ink's own CI detection (is-in-ci: CI=true in the environment) off. runbook decides when a live view is
//   drawn (src/ui/reporter.ts: never under CI; the `new` wizard only on a terminal); with the detection on, a
//   wizard started on a terminal where CI happens to be set drew nothing until it ended.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

const yogaWithoutFetch = {
  expect: 'function ya(){return w||"function"!=typeof fetch?',
  // The data: URL's payload starts after "data:application/octet-stream;base64," (37 characters; `ua` checks the prefix).
  replace: 'function ya(){return Promise.resolve(w?new Uint8Array(w):Buffer.from(H.slice(37),"base64"))}function yaFetch(){return w||"function"!=typeof fetch?',
};

const noRenderAfterUnmount = {
  expect: '        instances.delete(this.options.stdout);\n',
  replace:
    '        // ink-patches: emptying the tree queued a throttled render again; unmounted, it would only delay the exit.\n' +
    '        this.throttledOnRender?.cancel?.();\n' +
    '        this.hasPendingThrottledRender = false;\n' +
    '        instances.delete(this.options.stdout);\n',
};

const signalExitWithoutAssert = {
  expect: "  var assert = require('assert')\n",
  use: "    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')\n",
  replace:
    '  // ink-patches: its one check without node:assert (scripts/ink-patches.mjs).\n' +
    "  var assert = { equal: function (actual, expected, message) { if (actual != expected) throw new TypeError(message) } }\n",
};

const notInCi = {
  expect: "const isInCi = check('CI') || check('CONTINUOUS_INTEGRATION');",
  contents: '// ink-patches: runbook decides when Ink draws (scripts/ink-patches.mjs).\nexport default false;\n',
};

const widthFastPath = {
  /**
   * Per major version of string-width: the code its fast path goes after (version 8's own ASCII one, version 7's
   * empty-string check: it has none), and what the added lines say.
   */
  versions: {
    7: { after: '\tif (string.length === 0) {\n\t\treturn 0;\n\t}\n\n', says: 'printable ASCII and one-column symbols', gap: '\n' },
    8: { after: '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n', says: 'one-column symbols too', gap: '' },
  },
  /** Blocks looked through for one-column characters: Latin-1, punctuation, arrows, symbols, box drawing, braille. */
  blocks: [[0xa0, 0xff], [0x2010, 0x205e], [0x2190, 0x23ff], [0x2500, 0x27bf], [0x2800, 0x28ff]],
};

/** A character class of the characters of `widthFastPath.blocks` that `keep` keeps and that are a grapheme of their own beside any other (build time). */
function ownGraphemeClass(keep) {
  const segmenter = new Intl.Segmenter();
  const graphemes = (text) => [...segmenter.segment(text)].length;
  const ranges = [];
  for (const [from, to] of widthFastPath.blocks) {
    for (let code = from; code <= to; code++) {
      const c = String.fromCharCode(code);
      // A grapheme of its own whatever comes before or after it (no mark, joiner, prepend, jamo).
      if (!keep(c) || graphemes(`a${c}a`) !== 3 || graphemes(c + c) !== 2) continue;
      const last = ranges.at(-1);
      if (last && last[1] === code - 1) last[1] = code;
      else ranges.push([code, code]);
    }
  }
  const hex = (code) => `\\u${code.toString(16).padStart(4, '0')}`;
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

/** A character class of the characters `stringWidth` counts as one column, alone and beside any other (build time). */
export async function oneColumnClass(path) {
  const { default: stringWidth } = await import(pathToFileURL(path).href);
  return ownGraphemeClass((c) => stringWidth(c) === 1);
}

/** A character class of characters that are each one grapheme beside any other: a text of them, ESC and printable ASCII is segmented one character at a time. */
export function ownGraphemes() {
  return ownGraphemeClass(() => true);
}

/**
 * `const NAME = EXPRESSION;` at a module's top level made on first use: NAME becomes an object whose `method` makes
 * the real one once. Checked: the declaration is there as given, and NAME is used nowhere but as `NAME.method(`.
 */
function lazy(source, path, name, expression, method) {
  const declaration = `const ${name} = ${expression};`;
  if (!source.includes(declaration)) throw new Error(`${path} changed (no "${declaration}"): check scripts/ink-patches.mjs`);
  // Every use outside comments, but the declaration and the calls.
  const other = source.split('\n').filter((line) => new RegExp(`^[^/]*\\b${name}\\b`).test(line.replace(declaration, '').replaceAll(`${name}.${method}(`, '')));
  if (other.length > 0) throw new Error(`${path} changed (${name} used other than as ${name}.${method}(): check scripts/ink-patches.mjs`);
  return source.replace(
    declaration,
    `// ink-patches: made when first used (scripts/ink-patches.mjs).\nconst ${name} = { made: undefined, ${method}(text) { return (this.made ??= ${expression}).${method}(text); } };`,
  );
}

const segmenters = {
  'string-width@7': [['segmenter', 'new Intl.Segmenter()', 'segment']],
  'string-width@8': [
    ['segmenter', 'new Intl.Segmenter()', 'segment'],
    ['rgiEmojiRegex', '/^\\p{RGI_Emoji}$/v', 'test'],
  ],
  'slice-ansi': [['GRAPHEME_SEGMENTER', "new Intl.Segmenter(undefined, {granularity: 'grapheme'})", 'segment']],
  'ansi-tokenize': [['segmenter', 'new Intl.Segmenter(undefined, { granularity: "grapheme" })', 'segment']],
};

/** Makes the module's segmenters and emoji expression when first used. */
function lazySegmenters(source, path, which) {
  return segmenters[which].reduce((text, [name, expression, method]) => lazy(text, path, name, expression, method), source);
}

const tokenizeFastPath = {
  expect: '    for (const { segment, index } of segmenter.segment(str)) {\n',
  replace: '    for (const { segment, index } of graphemesOf(str)) {\n',
};

/** ansi-tokenize's tokenize: a text of characters that are each a grapheme of their own is split one character at a time. */
function withTokenizeFastPath(source, path) {
  if (!source.includes(tokenizeFastPath.expect)) throw new Error(`${path} changed (no "${tokenizeFastPath.expect.trim()}"): check scripts/ink-patches.mjs`);
  const helper =
    '// ink-patches: printable ASCII, ESC and characters that never join a neighbour are one grapheme each (scripts/ink-patches.mjs).\n' +
    `const ownGraphemes = /^[\\u001b\\u0020-\\u007e${ownGraphemes()}]*$/;\n` +
    'function graphemesOf(str) {\n' +
    '    if (!ownGraphemes.test(str)) return segmenter.segment(str);\n' +
    '    const segments = new Array(str.length);\n' +
    '    for (let index = 0; index < str.length; index++) segments[index] = { segment: str[index], index };\n' +
    '    return segments;\n' +
    '}\n';
  return source.replace(tokenizeFastPath.expect, tokenizeFastPath.replace).replace('export function tokenize(', `${helper}export function tokenize(`);
}

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
    build.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) =>
      patched(args.path, yogaWithoutFetch.expect, (original) => original.replace(yogaWithoutFetch.expect, yogaWithoutFetch.replace)),
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      // Version 8 is Ink's (and cli-truncate's, widest-line's); version 7 runbook's own (src/ui/width.ts, and
      // wrap-ansi's for Ink's and the views' wrapping): the same fast path in both.
      const { version } = JSON.parse(await readFile(join(dirname(args.path), 'package.json'), 'utf8'));
      const major = version.split('.')[0];
      const { after, says, gap } = widthFastPath.versions[major] ?? {};
      if (after === undefined) return undefined;
      const extra = await oneColumnClass(args.path);
      return patched(args.path, after, (original) => {
        // The fast path holds for the default measure only (ambiguous characters narrow).
        if (!original.includes('ambiguousIsNarrow = true,')) throw new Error(`${args.path} changed (no ambiguousIsNarrow default): check scripts/ink-patches.mjs`);
        const fast = original.replace(
          after,
          `${after}\t// ink-patches: ${says} (scripts/ink-patches.mjs).\n\tif (ambiguousIsNarrow && /^[\\u0020-\\u007E${extra}]*$/.test(string)) {\n\t\treturn string.length;\n\t}\n${gap}`,
        );
        return lazySegmenters(fast, args.path, `string-width@${major}`);
      });
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/ }, (args) =>
      patched(args.path, 'GRAPHEME_SEGMENTER', (original) => lazySegmenters(original, args.path, 'slice-ansi')),
    );
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ }, (args) =>
      // Without its source map comment, as diff.js below.
      patched(args.path, tokenizeFastPath.expect, (original) =>
        withTokenizeFastPath(lazySegmenters(original, args.path, 'ansi-tokenize'), args.path).replace(/\/\/# sourceMappingURL=.*$/m, ''),
      ),
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/ }, (args) =>
      patched(args.path, noRenderAfterUnmount.expect, (original) => original.replace(noRenderAfterUnmount.expect, noRenderAfterUnmount.replace)),
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/](.*[\\/])?signal-exit[\\/]index\.js$/ }, async (args) => {
      const { version } = JSON.parse(await readFile(join(dirname(args.path), 'package.json'), 'utf8'));
      if (!version.startsWith('3.')) return undefined;
      return patched(args.path, signalExitWithoutAssert.expect, (original) => {
        // Checked: assert is used for that one check only.
        if (original.split('assert.').length !== 2 || !original.includes(signalExitWithoutAssert.use)) throw new Error(`${args.path} changed (assert used otherwise): check scripts/ink-patches.mjs`);
        return original.replace(signalExitWithoutAssert.expect, signalExitWithoutAssert.replace);
      });
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]is-in-ci[\\/]index\.js$/ }, (args) => patched(args.path, notInCi.expect, () => notInCi.contents));
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ }, (args) =>
      // Without its source map comment: the map would show the TypeScript source, which this no longer is.
      patched(args.path, diffFastPath.expect, (original) => original.replace(diffFastPath.expect, diffFastPath.replace).replace(/\/\/# sourceMappingURL=.*$/m, '')),
    );
  },
};

// The live view's libraries are one CommonJS bundle (dist/fast/ink.cjs, loaded with a code cache: scripts/build.mjs),
// and CommonJS has no top-level await. Two modules have one:
// - Ink's reconciler, for React's devtools when DEV=true: it imports them (a package runbook does not ship, so the
//   import fails and Ink prints how to install them) and reads its own package.json for their name. Here the import
//   fails the same way, with the same message, and the name is left out;
// - Yoga's index, which waits for its WebAssembly. Here it exports that wait as `ready` (the bundle's entry passes it
//   on, and the view waits for it before drawing); Yoga is used inside functions only, after the wait.
const devtoolsImport = {
  expect: "        await import('./devtools.js');\n",
  replace: "        // ink-patches: no top-level await in CommonJS; react-devtools-core is not shipped (scripts/ink-patches.mjs).\n        throw Object.assign(new Error('react-devtools-core is not installed'), { code: 'ERR_MODULE_NOT_FOUND' });\n",
};
const devtoolsName = { expect: '    ? await loadPackageJson()\n', replace: '    ? { name: undefined, version: undefined }\n' };
const yogaReady = {
  expect: 'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;\n',
  replace:
    '// ink-patches: no top-level await in CommonJS: the wait is exported (scripts/ink-patches.mjs).\n' +
    'let Yoga;\nexport const ready = loadYoga().then((module) => {\n  Yoga = wrapAssembly(module);\n});\nexport { Yoga as default };\n',
};

export const withoutTopLevelAwait = {
  name: 'without-top-level-await',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) =>
      patched(args.path, devtoolsImport.expect, (original) => {
        if (!original.includes(devtoolsName.expect)) throw new Error(`${args.path} changed (no "${devtoolsName.expect.trim()}"): check scripts/ink-patches.mjs`);
        return original.replace(devtoolsImport.expect, devtoolsImport.replace).replace(devtoolsName.expect, devtoolsName.replace);
      }),
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) =>
      patched(args.path, yogaReady.expect, (original) => original.replace(yogaReady.expect, yogaReady.replace)),
    );
  },
};
