// Golden files have one place and one name: test/golden/<the test's folder>/..., written by `npm run golden`.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const testDir = fileURLToPath(new URL('.', import.meta.url));
const entries = readdirSync(testDir, { recursive: true, withFileTypes: true });
const relative = (entry: { parentPath?: string; path?: string; name: string }) =>
  `${(entry.parentPath ?? entry.path ?? '').slice(testDir.length)}/${entry.name}`.replace(/^\//, '');

describe('golden files', () => {
  it('are compared through golden() (test/helpers/golden.ts), so they all live under test/golden', () => {
    const stray: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile() || !/\.test\.tsx?$/.test(entry.name)) continue;
      const text = readFileSync(`${testDir}${relative(entry)}`, 'utf8');
      for (const match of text.matchAll(/toMatchFileSnapshot\(\s*([A-Za-z]+)\(/g)) if (match[1] !== 'golden' && match[1] !== 'expectedPath') stray.push(relative(entry));
      for (const match of text.matchAll(/toMatchFileSnapshot\(\s*[`'"]/g)) stray.push(`${relative(entry)} (${match[0]})`);
    }
    expect(stray).toEqual([]);
  });

  it('have no other folder or name (__golden__, golden/, __frames__, __snapshots__, *.expected.*)', () => {
    const others = entries
      .map(relative)
      .filter((path) => path !== 'golden' && !path.startsWith('golden/'))
      .filter((path) => /(^|\/)(__golden__|golden|__frames__|__snapshots__)(\/|$)|\.expected\./.test(path));
    expect(others).toEqual([]);
  });
});
