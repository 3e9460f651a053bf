// The shipped bundles are production builds (React, its reconciler and Ink never run their development code), and
// Ink's text caches are bounded.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
