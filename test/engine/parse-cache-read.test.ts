// What validate's parse cache may keep (only what JSON gives back exactly) and how it reads entries back (untrusted: a wrong shape is a miss).
import { describe, expect, it } from 'vitest';
import { readFacts, readIssues, readValue, writableValue } from '../../src/engine/parse-cache-read.js';
import { parseTemplate } from '../../src/engine/template.js';
import { MAX_DEPTH, MAX_VALUES } from '../../src/engine/yaml-parse.js';

describe('writableValue', () => {
  it('accepts plain data, including keys that name Object.prototype members', () => {
    const value = JSON.parse('{"a": [1, "x", true, null, {"b": 2.5}], "__proto__": {"c": 1}, "constructor": 1}') as unknown;
    expect(writableValue(value)).toBe(true);
  });

  it('refuses what JSON would change: NaN, infinities, -0, shared objects, non-plain objects', () => {
    const shared = { a: 1 };
    for (const value of [{ n: Number.NaN }, { n: Infinity }, { n: -Infinity }, { n: -0 }, { a: shared, b: shared }, { d: new Date(0) }, { m: new Map() }, { u: undefined }]) {
      expect(writableValue(value), JSON.stringify(value)).toBe(false);
    }
  });
});

describe('readValue', () => {
  it('gives back a mapping, and nothing for other JSON', () => {
    const value = { name: 'x', steps: [{ id: 'a' }] };
    expect(readValue(value)).toBe(value);
    for (const bad of [null, 'text', 1, ['a'], true]) expect(readValue(bad)).toBeUndefined();
  });

  it('refuses data deeper or larger than the YAML reader allows', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
    expect(readValue({ deep })).toBeUndefined();
    expect(readValue({ many: Array.from({ length: MAX_VALUES + 1 }, () => 0) })).toBeUndefined();
  });
});

describe('readFacts and readIssues', () => {
  it('give back fresh copies of what parseTemplate found', () => {
    const parsed = parseTemplate('echo {{raw who}} "{{x}}" {{#if y}}{{z}}{{/if}} {{nope a}}', 'shell');
    const kept = JSON.parse(JSON.stringify({ references: parsed.references, issues: parsed.issues, raw: parsed.raw })) as unknown;
    const read = readFacts(kept);
    expect(read).toEqual({ references: parsed.references, issues: parsed.issues, raw: parsed.raw });
    expect(readFacts(kept)!.references[0]).not.toBe(read!.references[0]);
    expect(read!.issues.length).toBeGreaterThan(0);
  });

  it('give nothing for a wrong shape', () => {
    const ok = { references: [{ parts: ['a'], raw: false, use: 'bare', line: 1, col: 1 }], issues: [], raw: [] };
    expect(readFacts(ok)).toEqual(ok);
    const bad = [
      null,
      [],
      { ...ok, references: 'x' },
      { ...ok, raw: [1] },
      { ...ok, issues: undefined },
      { ...ok, references: [{ ...ok.references[0], use: 'other' }] },
      { ...ok, references: [{ ...ok.references[0], parts: [1] }] },
      { ...ok, references: [{ ...ok.references[0], line: -1 }] },
      { ...ok, references: [{ ...ok.references[0], raw: 'no' }] },
    ];
    for (const data of bad) expect(readFacts(data), JSON.stringify(data)).toBeUndefined();
    const issue = { code: 'template.in-quotes', name: 'x', quote: 'double', line: 1, col: 4 };
    expect(readIssues([issue])).toEqual([issue]);
    for (const data of [[{ ...issue, quote: 'back' }], [{ ...issue, code: 1 }], [{ ...issue, helpers: [1] }], [{ ...issue, col: 1.5 }], {}]) {
      expect(readIssues(data), JSON.stringify(data)).toBeUndefined();
    }
  });
});
