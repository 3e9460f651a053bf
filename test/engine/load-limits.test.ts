// Hostile input is rejected fast with bounded memory: alias bombs, 10,000-deep nesting, oversized files.
import { describe, expect, it } from 'vitest';
import { tryLoadPlaybookText } from '../../src/engine/load.js';
import { MAX_ALIASES, MAX_DEPTH } from '../../src/engine/yaml-parse.js';

// Time limits are generous (CI machines are shared and slow); what they catch is a hang or an exponential
// blow-up, which would take minutes or run out of memory.

/** Loads text and returns the diagnostic codes, the time taken and the memory it grew by. */
function measure(text: string) {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  const result = tryLoadPlaybookText('hostile.yaml', text, { lang: 'en' });
  return { codes: result.diagnostics.map((d) => d.code), ms: performance.now() - start, grewMiB: (process.memoryUsage().rss - rss) / 2 ** 20 };
}

function laughs(levels: number, fanout: number): string {
  let text = 'name: lol\ntitle: lol\na0: &a0 "lol"\n';
  for (let i = 1; i <= levels; i++) text += `a${i}: &a${i} [${Array(fanout).fill(`*a${i - 1}`).join(',')}]\n`;
  return text + 'steps:\n  - id: x\n    run: echo\n';
}

describe('alias bombs', () => {
  it('rejects the classic billion laughs (9 × 9 aliases) before expanding anything', () => {
    const { codes, ms, grewMiB } = measure(laughs(9, 9));
    expect(codes).toEqual(['yaml.alias-limit']);
    expect(ms).toBeLessThan(2000);
    expect(grewMiB).toBeLessThan(64);
  });

  it('rejects a bomb that stays under the alias count but expands exponentially', () => {
    // 6 levels × 9 aliases = 54 aliases (under the cap of MAX_ALIASES) expanding to 9^6 = 531,441 values.
    expect(6 * 9).toBeLessThanOrEqual(MAX_ALIASES);
    const { codes, ms, grewMiB } = measure(laughs(6, 9));
    expect(codes).toEqual(['yaml.alias-limit']);
    expect(ms).toBeLessThan(2000);
    expect(grewMiB).toBeLessThan(64);
  });

  it('accepts a few ordinary aliases', () => {
    const text = 'name: a\ntitle: b\nenv:\n  A: &v "1"\nsteps:\n  - id: x\n    run: echo\n    env: { B: *v }\n';
    expect(measure(text).codes).toEqual([]);
  });
});

describe('deep nesting', () => {
  const depth = 10_000;
  const cases: [string, string][] = [
    ['flow sequences', `steps: ${'['.repeat(depth)}${']'.repeat(depth)}\n`],
    ['flow mappings', `steps: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`],
    ['block sequences on one line', `steps:\n  ${'- '.repeat(depth)}x\n`],
    ['mixed flow collections', `steps: ${'[{a: '.repeat(depth / 2)}1${'}]'.repeat(depth / 2)}\n`],
    ['unclosed brackets', `steps: ${'['.repeat(depth)}\n`],
  ];
  it.each(cases)('rejects 10,000 levels of %s fast, without overflowing the stack', (_label, body) => {
    const { codes, ms, grewMiB } = measure(`name: deep\ntitle: deep\n${body}`);
    expect(codes).toEqual(['yaml.too-deep']);
    expect(ms).toBeLessThan(3000);
    expect(grewMiB).toBeLessThan(128);
  });

  it('rejects block mappings indented as deep as 1 MiB allows', () => {
    let body = '';
    for (let i = 0; i < 1200; i++) body += `${' '.repeat(i)}k:\n`;
    const { codes, ms } = measure(body);
    expect(codes).toEqual(['yaml.too-deep']);
    expect(ms).toBeLessThan(3000);
  });

  it('lets nesting just under the cap through to the schema', () => {
    const levels = MAX_DEPTH - 2;
    const { codes } = measure(`name: deep\ntitle: deep\nsteps: ${'['.repeat(levels)}${']'.repeat(levels)}\n`);
    expect(codes).not.toContain('yaml.too-deep');
    expect(codes.length).toBeGreaterThan(0);
  });
});

describe('long and odd input', () => {
  it('handles a 900 KiB single-line value quickly', () => {
    const { codes, ms } = measure(`name: a\ntitle: b\nsteps:\n  - id: x\n    run: echo ${'x'.repeat(900 * 1024)}\n`);
    expect(codes).toEqual([]);
    expect(ms).toBeLessThan(3000);
  });

  it('reports many errors without slowing down', () => {
    let text = 'name: a\ntitle: b\nsteps:\n';
    for (let i = 0; i < 2000; i++) text += `  - id: s${i}\n    rn: echo\n`;
    const { codes, ms } = measure(text);
    expect(codes.length).toBe(2000);
    expect(ms).toBeLessThan(6000);
  });
});
