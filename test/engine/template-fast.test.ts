// The fast template parser against Handlebars' own: for every input it either declines or builds the same AST.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, visit } from 'yaml';
import { fastParseTemplate } from '../../src/engine/template-fast.js';
import { seededRandom, yamlFilesUnder } from '../helpers/corpus.js';

const root = join(import.meta.dirname, '..', '..');

/** A plain copy (class instances become plain objects, undefined-valued keys kept) for strict comparison. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = plain((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** Checks one input; returns whether the fast parser accepted it. */
function check(source: string): boolean {
  const fast = fastParseTemplate(source);
  let expected: unknown;
  try {
    expected = plain(parse(source));
  } catch {
    // A template Handlebars rejects must be declined, so the caller reports Handlebars' error.
    expect(fast, JSON.stringify(source)).toBeUndefined();
    return false;
  }
  if (fast === undefined) return false;
  expect(plain(fast), JSON.stringify(source)).toStrictEqual(expected);
  return true;
}

/** Every string scalar containing `{{` in the given YAML files (files YAML cannot read are skipped). */
function templatesIn(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    let docs;
    try {
      docs = parseAllDocuments(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && node.value.includes('{{')) found.push(node.value);
        },
      });
    }
  }
  return found;
}

const playbookTemplates = templatesIn(
  readdirSync(join(root, 'runbooks'))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(root, 'runbooks', f)),
);
const fixtureTemplates = templatesIn(yamlFilesUnder(join(root, 'test')));

const tricky = [
  '',
  'plain text',
  '{{a}}',
  '{{ a }}',
  '{{  a.b.c  }}',
  '{{\ta\t}}',
  '{{\na\n}}',
  '{{a}}{{b}}',
  'x{{a}}y{{b}}z',
  'line one\nline two {{a}}\nline three\n',
  '\n\n{{a}}\n\n',
  '{{a}}\n',
  '\n{{a}}',
  '中文 {{名}} 文本',
  '中文 {{a}} 文本\n第二行 {{b.c}}',
  'emoji 😀 {{a}} 😀\n😀{{b}}',
  '}} {{a}} }}',
  '{ {{a}} }',
  '{{a}} } {',
  '{{a}}}',
  '{{{a}}}',
  '{{&a}}',
  '{{~a}}',
  '{{a~}}',
  '{{#if a}}x{{/if}}',
  '{{^a}}x{{/a}}',
  '{{!comment}}',
  '{{!-- c --}}',
  '{{> part}}',
  '{{*dec}}',
  '{{else}}',
  '{{ else }}',
  '{{elsewhere}}',
  '{{else-x}}',
  '{{a}',
  '{{a',
  '{{',
  '}}',
  '{{}}',
  '{{ }}',
  '\\{{a}}',
  '\\\\{{a}}',
  'a\\b {{a}}',
  '{{a "b"}}',
  "{{a 'b'}}",
  '{{a "b c" d}}',
  '{{a "}}"}}',
  '{{a "b\\"c"}}',
  "{{a 'b\\'c'}}",
  '{{a "multi\nline"}}',
  '{{a ""}}',
  '{{a "b"c}}',
  '{{a"b"}}',
  '{{a 1}}',
  '{{a -1}}',
  '{{a 1.5}}',
  '{{a 1a}}',
  '{{a true false}}',
  '{{a null undefined}}',
  '{{a true.x}}',
  '{{true}}',
  '{{1}}',
  '{{a.true}}',
  '{{a.1}}',
  '{{a k=v}}',
  '{{a (b c)}}',
  '{{@index}}',
  '{{../a}}',
  '{{this}}',
  '{{this.a}}',
  '{{a.this}}',
  '{{a/b}}',
  '{{[a b]}}',
  '{{a.[b]}}',
  '{{a.}}',
  '{{a..b}}',
  '{{.}}',
  '{{zh-CN}}',
  '{{text.zh-CN}}',
  '{{a-1}}',
  '{{-a}}',
  '{{$a}}',
  '{{a:b}}',
  '{{é}}',
  '{{a\u00a0}}',
  '{{a}}\r\n{{b}}',
  'a\rb{{c}}',
  'a\u2028{{b}}',
  'nul\u0000{{a}}',
  '{{default steps.x.stdout "none"}}',
  '{{raw a}}',
  '{{eq a "b"}}',
  '{{upper   a   }}',
  '{{a as |x|}}',
  '{{a =}}',
  '{{{{raw}}}}x{{{{/raw}}}}',
];

/** Templates from a small grammar; `odd` is how often a piece is taken from the constructs the fast path declines. */
function generate(count: number, seed: number, odd: number): string[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const either = <T>(usual: readonly T[], unusual: readonly T[]): T => pick(rnd() < odd ? unusual : usual);
  const texts = ['', 'a', 'echo ', ' ', '\n', '\n\n  ', '中文', '😀', '}', '{', '}}', '"', "'", '\t', 'x y', '=', '-', '{ }'];
  const oddTexts = ['\\', '\r\n', '\r', '\u2028', '\u0000', '\u00a0'];
  const opens = ['{{'];
  const oddOpens = ['{{~', '{{{', '{{#', '{{!', '{{>', '{{&', '{{^', '{{/', '{{*', '\\{{', '\\\\{{', '{{{{', '{{else ', '{{ else'];
  const closes = ['}}'];
  const oddCloses = ['~}}', '}}}', '}', '', '} }'];
  const spaces = ['', '', ' ', ' ', '  ', '\n', '\t', ' \n '];
  const oddSpaces = ['\u00a0', '\r\n', '\u3000', '\f'];
  const paths = ['a', 'b', 'volume_dir', 'a.b', 'steps.list.stdout', 'text.zh-CN', 'zh-CN', 'x1', 'a_b', 'x.y.z.w', 'elsewhere', 'trueish'];
  const oddPaths = ['@a', '../a', 'this', 'this.a', 'a/b', '[a b]', 'a.[b]', 'else', 'a.', 'a..b', '.', '1', 'true', '-1', 'é', '$x', 'a:b', 'a.true', 'a.1', 'a-'];
  const literals = ['"s"', "'s'", '""', "''", '"a b"', '"}}"', '"{{"', '"中文"', '1', '-2', '0', '007', 'true', 'false', 'null', 'undefined', '"x\ny"', "'it\"s'"];
  const oddParams = ['k=v', '(sub x)', '@root', 'a"b"', '"open', '|x|', 'as |x|', '~', '"a\\"b"', "'a\\'b'", '1.5', '1a', '"\\"'];
  const param = () => (rnd() < 0.5 ? either(paths, oddPaths) : either(literals, oddParams));
  const mustache = () => {
    let s = either(opens, oddOpens) + either(spaces, oddSpaces) + either(paths, oddPaths);
    const count = rnd() < 0.5 ? 0 : Math.floor(rnd() * 4);
    for (let k = 0; k < count; k++) s += (rnd() < 0.7 ? ' ' : either(spaces, oddSpaces)) + param();
    return s + either(spaces, oddSpaces) + either(closes, oddCloses);
  };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const pieces = 1 + Math.floor(rnd() * 6);
    for (let p = 0; p < pieces; p++) s += rnd() < 0.5 ? either(texts, oddTexts) : mustache();
    out.push(s);
  }
  return out;
}

describe('fastParseTemplate', () => {
  it('builds the same AST as Handlebars for every playbook template, and declines none of them', () => {
    // ~200 strings holding ~320 mustaches (two of them helper calls).
    expect(playbookTemplates.length).toBeGreaterThan(150);
    expect(playbookTemplates.join('').split('{{').length - 1).toBeGreaterThan(300);
    const declined = playbookTemplates.filter((source) => !check(source));
    expect(declined).toEqual([]);
  });

  it('builds the same AST as Handlebars, or declines, for every template in the test fixtures', () => {
    expect(fixtureTemplates.length).toBeGreaterThan(30);
    const accepted = fixtureTemplates.filter(check).length;
    expect(accepted).toBeGreaterThan(fixtureTemplates.length / 2);
  });

  it('builds the same AST as Handlebars, or declines, for tricky hand-written cases', () => {
    const accepted = tricky.filter(check);
    // The common shapes must take the fast path.
    for (const source of ['', 'plain text', '{{a}}', '{{ a }}', '{{a}}{{b}}', '中文 {{a}} 文本\n第二行 {{b.c}}', '}} {{a}} }}', '{{text.zh-CN}}', '{{default steps.x.stdout "none"}}', '{{a "b c" d}}', '{{a "}}"}}'])
      expect(accepted).toContain(source);
  });

  it('builds the same AST as Handlebars, or declines, for thousands of generated templates', () => {
    // Mostly supported shapes (every piece varied: positions across lines, literals, spacing) ...
    const usual = generate(3000, 20261128, 0);
    expect(usual.filter(check).length).toBeGreaterThan(usual.length / 2);
    // ... and a mix with everything the fast path must decline.
    const mixed = generate(4000, 4242, 0.15);
    const accepted = mixed.filter(check).length;
    expect(accepted).toBeGreaterThan(mixed.length / 10);
    expect(accepted).toBeLessThan(mixed.length);
  });

  it('declines what Handlebars treats specially', () => {
    for (const source of ['\\{{a}}', '{{{a}}}', '{{~a}}', '{{#if a}}x{{/if}}', '{{!c}}', '{{> p}}', '{{a k=v}}', '{{a (b)}}', '{{@a}}', '{{../a}}', '{{this}}', '{{[a]}}', '{{a'])
      expect(fastParseTemplate(source), source).toBeUndefined();
  });
});
