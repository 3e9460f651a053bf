// The shipped bundles are production builds (React, its reconciler and Ink never run their development code), and
// Ink's text caches are bounded, its layout engine loads without an HTTP client and its text measure has a fast path.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// The global test setup builds dist/ with scripts/build.mjs.
const dist = join(root, 'dist');

function bundles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return bundles(path);
    return /\.(c?js)$/.test(entry.name) ? [path] : [];
  });
}

/** Every source file bundled into dist/, with the text it was bundled as, from the linked source maps. */
function bundled(): { source: string; content: string }[] {
  return bundles(dist).flatMap((file) => {
    const map = `${file}.map`;
    if (!existsSync(map)) return [];
    const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourcesContent?: string[] };
    return sources.map((s, i) => ({ source: resolve(dirname(file), s), content: sourcesContent?.[i] ?? '' }));
  });
}

function bundledSources(): string[] {
  return bundled().map((b) => b.source);
}

describe('the build (scripts/build.mjs)', () => {
  it("bundles React's production build and not its development build", () => {
    const sources = bundledSources();
    expect(sources.some((s) => s.endsWith('node_modules/react/cjs/react.production.js'))).toBe(true);
    expect(sources.some((s) => s.endsWith('node_modules/react-reconciler/cjs/react-reconciler.production.js'))).toBe(true);
    expect(sources.filter((s) => /node_modules\/.*\.development\.js$/.test(s))).toEqual([]);
  });

  it('leaves no run-time NODE_ENV check in any bundle (a development build could not be chosen at run time)', () => {
    const reading = bundles(dist).filter((file) => readFileSync(file, 'utf8').includes('process.env.NODE_ENV'));
    expect(reading.map((f) => f.slice(root.length + 1))).toEqual([]);
  });

  it("bundles Ink's text measure and wrap caches bounded (Ink 6 keeps every text it ever measured)", () => {
    for (const module of ['measure-text.js', 'wrap-text.js']) {
      const found = bundled().filter((b) => b.source.endsWith(`node_modules/ink/build/${module}`));
      expect(found.length, module).toBeGreaterThan(0);
      for (const b of found) expect(b.content, module).toContain('bounded-ink-caches');
    }
  });

  it('bundles the fast path for unstyled cells of a frame', () => {
    const found = bundled().filter((b) => b.source.endsWith('node_modules/@alcalzone/ansi-tokenize/build/diff.js'));
    expect(found.length).toBeGreaterThan(0);
    for (const b of found) expect(b.content).toContain('ink-patches: two unstyled cells need no codes');
  });

  it("bundles Ink without its own CI detection: runbook decides when a live view draws", () => {
    const found = bundled().filter((b) => b.source.endsWith('node_modules/is-in-ci/index.js'));
    expect(found.length).toBeGreaterThan(0);
    for (const b of found) expect(b.content).toContain('runbook decides when Ink draws');
  });
});

/** The copies of string-width 8 that Ink (and its cli-truncate, widest-line) bundle, as installed. */
function inkStringWidths(): string[] {
  const candidates = ['node_modules/string-width', 'node_modules/ink/node_modules/string-width', 'node_modules/cli-truncate/node_modules/string-width', 'node_modules/widest-line/node_modules/string-width'];
  return candidates
    .map((dir) => join(root, dir))
    .filter((dir) => existsSync(join(dir, 'package.json')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version.startsWith('8.'))
    .map((dir) => join(dir, 'index.js'));
}

describe('what the live view costs per frame and at start (issue 13)', () => {
  it('loads Yoga (Ink\'s layout engine) without fetch(): no HTTP client loaded to read its own WebAssembly', () => {
    const yoga = bundles(dist).filter((file) => existsSync(`${file}.map`) && readFileSync(`${file}.map`, 'utf8').includes('yoga-wasm-base64-esm.js'));
    expect(yoga.length).toBeGreaterThan(0);
    for (const file of yoga) {
      const script = `globalThis.fetch = () => { throw new Error('fetch called'); };\nawait import(${JSON.stringify(pathToFileURL(file).href)});`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(result.stderr, file).toBe('');
      expect(result.status, file).toBe(0);
    }
  });

  it("bundles Ink's string-width with the one-column fast path, and each character of it is one column there", async () => {
    const found = bundled().filter((b) => /node_modules\/(.*\/)?string-width\/index\.js$/.test(b.source) && b.content.includes('Intl.Segmenter'));
    const patched = found.filter((b) => b.content.includes('ink-patches: one-column symbols too'));
    expect(patched.length).toBeGreaterThan(0);
    const { oneColumnClass } = (await import(pathToFileURL(join(root, 'scripts/ink-patches.mjs')).href)) as { oneColumnClass: (path: string) => Promise<string> };
    const paths = inkStringWidths();
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      const { default: original } = (await import(pathToFileURL(path).href)) as { default: (text: string) => number };
      const oneColumn = new RegExp(`^[${await oneColumnClass(path)}]$`);
      const chars = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code)).filter((c) => oneColumn.test(c));
      // The live view's own symbols are among them: icons, spinner, the output rule, ellipsis, separator.
      for (const c of ['✓', '✗', '○', '◐', '↺', '↷', '≡', '▷', '⠋', '⠏', '│', '…', '·', '—']) expect(chars, c).toContain(c);
      for (const c of chars) expect(original(c), c).toBe(1);
      // Side by side with each other and with ASCII, still one column each: no two of them join.
      const text = chars.join('a') + chars.join('') + chars.reverse().join(' ');
      expect(original(text)).toBe(text.length);
    }
  });
  it("bundles runbook's string-width 7 (wrap-ansi's) with the same fast path, each character of it one column there", async () => {
    const found = bundled().filter((b) => b.content.includes('ink-patches: printable ASCII and one-column symbols'));
    expect(found.length).toBeGreaterThan(0);
    const path = join(root, 'node_modules/string-width/index.js');
    expect((JSON.parse(readFileSync(join(root, 'node_modules/string-width/package.json'), 'utf8')) as { version: string }).version).toMatch(/^7\./);
    const { oneColumnClass } = (await import(pathToFileURL(join(root, 'scripts/ink-patches.mjs')).href)) as { oneColumnClass: (path: string) => Promise<string> };
    const { default: original } = (await import(pathToFileURL(path).href)) as { default: (text: string) => number };
    const oneColumn = new RegExp(`^[${await oneColumnClass(path)}]$`);
    const chars = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code)).filter((c) => oneColumn.test(c));
    for (const c of ['│', '…', '·', '—', '✓', '⠋']) expect(chars, c).toContain(c);
    for (const c of chars) expect(original(c), c).toBe(1);
    const text = chars.join('a') + chars.join('');
    expect(original(text)).toBe(text.length);
  });

  it('makes no segmenter or emoji expression at import: each is made when first used', () => {
    const lazy = bundled().filter((b) => /node_modules\/(.*\/)?(string-width\/index|slice-ansi\/tokenize-ansi|ansi-tokenize\/build\/tokenize)\.js$/.test(b.source));
    expect(lazy.length).toBeGreaterThan(0);
    for (const b of lazy) {
      expect(b.content, b.source).toContain('ink-patches: made when first used');
      expect(b.content, b.source).not.toMatch(/^const \w+ = (new Intl\.Segmenter|\/\^\\p\{RGI_Emoji)/m);
    }
  });

  it("splits a text into graphemes one character at a time only where the segmenter would (ansi-tokenize's fast path)", async () => {
    const tokenize = bundled().filter((b) => b.source.endsWith('node_modules/@alcalzone/ansi-tokenize/build/tokenize.js'));
    expect(tokenize.length).toBeGreaterThan(0);
    for (const b of tokenize) expect(b.content).toContain('ink-patches: printable ASCII, ESC and characters that never join a neighbour');
    const { ownGraphemes } = (await import(pathToFileURL(join(root, 'scripts/ink-patches.mjs')).href)) as { ownGraphemes: () => string };
    const own = new RegExp(`^[${ownGraphemes()}]$`);
    const chars = Array.from({ length: 0x3000 }, (_, code) => String.fromCharCode(code)).filter((c) => own.test(c));
    for (const c of ['│', '…', '·', '✓', '⠋', 'é']) expect(chars, c).toContain(c);
    const ascii = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i));
    const all = [...chars, ...ascii, '\u001b'];
    // Every pair, in both orders, and a long mixed text: as many graphemes as characters.
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const text = all.join('') + [...all].reverse().join('') + all.map((c) => `${c}${c}\u001b[31m`).join('');
    expect([...segmenter.segment(text)].map((s) => s.segment)).toEqual([...text]);
  });
  it("bundles signal-exit 3 (Ink's, restore-cursor's) checking its argument without node:assert", () => {
    const found = bundled().filter((b) => /node_modules\/(.*\/)?signal-exit\/index\.js$/.test(b.source) && b.content.includes("a callback must be provided for exit handler"));
    expect(found.length).toBeGreaterThan(0);
    for (const b of found) {
      expect(b.content, b.source).toContain('ink-patches: its one check without node:assert');
      expect(b.content, b.source).not.toContain("require('assert')");
    }
  });
  it("imports no `node:process` module in the CLI's bundles: dependencies get the global process", () => {
    const importing = bundles(dist).filter((file) => !file.includes('/fast/') && /from ["'](node:)?process["']/.test(readFileSync(file, 'utf8')));
    expect(importing.map((f) => f.slice(root.length + 1))).toEqual([]);
  });
});
