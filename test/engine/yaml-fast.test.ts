// The fast YAML reader of `validate` against the full parser: it either declines or gives the very same data,
// and only for text the full parser accepts without a single diagnostic.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastParseYaml } from '../../src/engine/yaml-fast.js';
import { parseYaml } from '../../src/engine/yaml-parse.js';
import { translator } from '../../src/i18n/index.js';
import { validateCatalog } from '../../src/i18n/validate.js';
import { seededRandom, yamlFilesUnder } from '../helpers/corpus.js';

const t = translator(validateCatalog, 'en');
const root = new URL('../../', import.meta.url).pathname;

/** The full path's verdict: the data when there is no diagnostic at all, else undefined. */
function full(source: string): { value: unknown } | undefined {
  const { parsed, diagnostics } = parseYaml('x.yaml', source, t);
  return parsed && diagnostics.length === 0 ? { value: parsed.value } : undefined;
}

/** Fails when the fast reader accepts text the full parser rejects or reads differently; true when it accepted. */
function agree(source: string): boolean {
  const fast = fastParseYaml(source);
  if (fast === undefined) return false;
  const reference = full(source);
  if (!reference) throw new Error(`fast reader accepted text the full parser rejects:\n${source}`);
  expect(fast, source).toStrictEqual(reference.value);
  return true;
}

const SCALARS = [
  'hello', 'echo hi', 'docker compose ps', '修复 MLflow 权限', 'a#b', 'a # comment', 'http://localhost:5000', 'x: y', 'x:y', 'a:',
  '-5', '- a', '-x', '-', '?x', '? x', ':x', '12', '012', '0o17', '0x1F', '+3', '1.5', '1.', '.5', '1e3', '1.0e-2', '.inf', '-.Inf', '.nan',
  'true', 'False', 'TRUE', 'yes', 'no', 'on', 'null', 'Null', '~', '', "'single'", "'it''s'", "'a'b", '"double"', '"esc \\n \\" \\t"', '"bad \\q"',
  '"unclosed', "'unclosed", '[a, b]', '[a, [b, c]]', '[]', '{}', '{a: 1, b: [x]}', '{ zh-CN: 中文, en: English }', '{a: 1, a: 2}', '[a, b, ]',
  '{a: }', '[a: b]', '{a:1}', '"a":1', '&anchor x', '*alias', '!tag x', '!!str 1', '%x', '@x', '`x`', 'a\tb', 'a  ', ' a', '{{ x }}', "'{{ x }}'",
  'a, b', 'a ]', '|', '>', '|-', '>-', '|+', '|2', '| # c', '"a" # c', "'a'#c", '[a] # c', '[a]x', '1:2', '50000:50000', '__proto__', 'constructor',
];

const KEYS = ['name', 'title', 'zh-CN', 'run', 'a b', 'x-y', '1', 'true', 'null', '"quoted"', "'single'", '__proto__', '<<', 'constructor', '? k', 'a#b', 'k ', '-k', '[k]', 'k:v', 'k\u00a0', 'k\u3000', '\u00a0k', '参数'];
const BLOCK_LINES = ['echo one', 'echo "two" && three', '', '  indented', '\tindented with tab', '# not a comment', 'last line', '中文 行', '  ', 'x: y'];

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function genBlockScalar(r: () => number, indent: number): string {
  const header = pick(r, ['|', '|-', '>', '>-', '|+', '>+', '|2', '| # note', '>- # note']);
  const extra = pick(r, [2, 2, 2, 1, 4]);
  const lines: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const l = pick(r, BLOCK_LINES);
    lines.push(l === '' ? '' : ' '.repeat(indent + extra) + l);
  }
  if (r() < 0.2) lines.push('');
  return header + '\n' + lines.join('\n');
}

function genValue(r: () => number, indent: number, depth: number): string {
  const roll = r();
  if (depth < 4 && roll < 0.25) return '\n' + genMap(r, indent + pick(r, [2, 2, 4, 1]), depth + 1);
  if (depth < 4 && roll < 0.4) return '\n' + genSeq(r, indent + pick(r, [2, 2, 0]), depth + 1);
  if (roll < 0.55) return genBlockScalar(r, indent);
  if (roll < 0.6) return '';
  return pick(r, SCALARS) + (r() < 0.1 ? ' # trailing comment' : '');
}

function genMap(r: () => number, indent: number, depth: number): string {
  const n = 1 + Math.floor(r() * 4);
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const key = r() < 0.85 ? pick(r, KEYS.slice(0, 6)) + (r() < 0.5 ? String(k) : '') : pick(r, KEYS);
    const value = genValue(r, indent, depth);
    lines.push(' '.repeat(indent) + key + ':' + (value.startsWith('\n') || value === '' ? '' : ' ') + value);
    if (r() < 0.1) lines.push(' '.repeat(Math.floor(r() * 4)) + '# a comment line');
    if (r() < 0.05) lines.push('');
  }
  return lines.join('\n');
}

function genSeq(r: () => number, indent: number, depth: number): string {
  const n = 1 + Math.floor(r() * 3);
  const lines: string[] = [];
  for (let k = 0; k < n; k++) {
    const roll = r();
    if (depth < 4 && roll < 0.4) {
      // `- key: value` with the rest of the mapping under it
      const map = genMap(r, indent + 2, depth + 1);
      lines.push(' '.repeat(indent) + '- ' + map.slice(indent + 2));
    } else if (depth < 4 && roll < 0.5) {
      lines.push(' '.repeat(indent) + '-\n' + genMap(r, indent + 2, depth + 1));
    } else {
      const value = genValue(r, indent, depth);
      lines.push(' '.repeat(indent) + '-' + (value.startsWith('\n') || value === '' ? '' : ' ') + value);
    }
  }
  return lines.join('\n');
}

/** Small edits that often break the text: the fast reader must then decline or still agree. */
function mutate(r: () => number, text: string): string {
  const at = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, at) + pick(r, [' ', '\n', ':', '#', '-', "'", '"', '[', '{', '\t', '|', '>', ',', '&', '*', '!']) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2: {
      const lines = text.split('\n');
      const k = Math.floor(r() * lines.length);
      lines.splice(k, 0, lines[k]!);
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      const k = Math.floor(r() * lines.length);
      lines[k] = (r() < 0.5 ? ' ' : '') + lines[k]!.replace(/^ /, r() < 0.5 ? '' : ' ');
      return lines.join('\n');
    }
    case 4:
      return text.replace(/\n$/, '');
    default:
      return text + pick(r, ['\n---\n', '\n...\n', '\n# end\n', '\nextra\n', '\n  more\n']);
  }
}

describe('fastParseYaml', () => {
  it('reads every shipped playbook, exactly as the full parser does', () => {
    const files = yamlFilesUnder(join(root, 'runbooks')).filter((f) => !f.includes('/schemas/'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      expect(fastParseYaml(source), `${file} should take the fast path`).toBeDefined();
      expect(agree(source)).toBe(true);
    }
  });

  it('declines or agrees on every YAML file of the test corpus (valid and invalid ones)', () => {
    const files = yamlFilesUnder(join(root, 'test/fixtures'));
    expect(files.length).toBeGreaterThan(40);
    let accepted = 0;
    for (const file of files) if (agree(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''))) accepted++;
    expect(accepted).toBeGreaterThan(5);
  });

  it('declines or agrees on hand-picked edge cases', () => {
    const cases = [
      'a: 1\n', 'a: 1', 'a:\n  - x\n  - y\n', 'a:\n- x\n- y\nb: 2\n', 'a:\n  b:\n    c: d\n', 'a: |\n  x\n  y\n', 'a: |-\n  x\n\n  y\n\n\nb: 1\n',
      'a: >-\n  one\n  two\n\n  three\n', 'a: >\n  one\n   two\n', 'a: |\n  x', 'a: |-\n  x', "a: 'x'' y'\n", 'a: "x\\ty"\n', 'a: [1, 2.5, true, null, ~, x]\n',
      'a: {b: [c, {d: e}]}\n', '- a\n', 'a\n', '', '# only a comment\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a: b\n  c\n', 'a: "b\n  c"\n', 'a: 1\na: 2\n',
      'a: 1 # c\nb: x#y\nc: "q" # c\n', '"a b": 1\n\'c\': 2\n', 'a:\n  -\n    b: 1\n  - c\n', 'a: -\n', 'a: - b\n', 'a:  \n  b: 1\n', 'a: &x 1\nb: *x\n',
      'a: !!str 1\n', 'a:\tb\n', 'a: b\r\nc: d\r\n', 'k: v\n  # indented comment\nl: w\n', 'a: |\n\n  x\n', 'a: |\n  x\n   \n  y\n', 'a:\n    - x\n  b: 1\n',
      'a:\n  - b: 1\n    c: 2\n  - d: 3\n', 'a: [x,\n  y]\n', 'a: 1e3\nb: 0x1f\nc: 0o17\nd: +12\ne: -0\nf: .5\ng: 1.\nh: .NaN\n', '1: a\n', 'true: a\n', 'null: a\n',
      'a: "\\u00e9"\n', 'a: x:\n', 'a: x: y\n', 'a: [a, b, ]\n', 'a: {x: 1, x: 2}\n', 'a: {x}\n', 'a: {"x":1}\n', 'a: [b] c\n', 'a: x\n\n\n\nb: y\n', 'a:\n\n  b: 1\n',
      '  a: 1\n  b: 2\n', 'a: 中文：冒号\n', 'a: 中文: 冒号\n',
      // found by review: Unicode blanks are part of a plain key (only spaces end it); YAML's 1024-character key limit
      'a\u00a0: 1\n', 'a\u3000: 1\n', 'a\u2003 : 1\n', 'x: {a\u00a0: 1}\n', 'v: a\u00a0\n', `"${'k'.repeat(1100)}": 1\n`, `FOO${' '.repeat(1100)}: bar\n`,
      `- ${'k'.repeat(1030)}: 1\n`, `x: {${'k'.repeat(1030)}: 1}\n`, 'a: >\n  x\n\n', 'a: |\n  x\n\n', 'a: |\n    deep\n  shallow\n', '- x\n', 'a:\n- b\n  - c\n',
    ];
    let accepted = 0;
    for (const source of cases) if (agree(source)) accepted++;
    expect(accepted).toBeGreaterThan(20);
  });

  it('leaves documents with very many values to the full parser, which caps them (found by review)', () => {
    const big = `a: [${Array.from({ length: 100_100 }, () => '1').join(', ')}]\n`;
    expect(full(big)).toBeUndefined();
    expect(fastParseYaml(big)).toBeUndefined();
    const many = `a:\n${'  - 1\n'.repeat(60_000)}`;
    expect(fastParseYaml(many)).toBeUndefined();
    expect(fastParseYaml(`a:\n${'  - 1\n'.repeat(1_000)}`)).toBeDefined();
  });

  it('declines or agrees on 6,000 generated documents (and accepts many of them)', () => {
    const r = seededRandom(20261128);
    let accepted = 0;
    let acceptedMutated = 0;
    for (let k = 0; k < 3000; k++) {
      const doc = genMap(r, 0, 0) + (r() < 0.9 ? '\n' : '');
      if (agree(doc)) accepted++;
      if (agree(mutate(r, doc))) acceptedMutated++;
    }
    // Both numbers guard against a reader that declines everything (which would pass the agreement checks).
    expect(accepted).toBeGreaterThan(300);
    expect(acceptedMutated).toBeGreaterThan(100);
  });
});
