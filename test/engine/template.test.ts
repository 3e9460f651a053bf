// Templates: shell quoting, strictness, quotes detection, raw insertion, values never re-rendered.
import { describe, expect, it } from 'vitest';
import { isTruthy, parseTemplate, shellQuote } from '../../src/engine/template.js';
import { compileTemplate } from '../../src/engine/template-render.js';
import { templateIssueText } from '../../src/engine/compile.js';
import { compileText } from '../../src/i18n/compile.js';

function render(source: string, data: Record<string, unknown>, kind: 'shell' | 'text' = 'shell', secrets: string[] = []) {
  const parsed = parseTemplate(source, kind);
  expect(parsed.issues).toEqual([]);
  return compileTemplate(parsed, new Set(secrets))(data);
}

describe('shellQuote', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    expect(shellQuote('/var/lib/docker/volumes/x/_data')).toBe('/var/lib/docker/volumes/x/_data');
    expect(shellQuote('50000:50000')).toBe('50000:50000');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });
});

describe('shell templates', () => {
  it('quotes every value so shell syntax in a parameter is data', () => {
    const hostile = ["'; touch /tmp/pwned #", '$(id)', '`id`', 'a\nb', '"; rm -rf / "', '{{owner}}'];
    for (const value of hostile) {
      const out = render('echo {{x}}', { x: value, owner: 'root' });
      expect(out).toBe(`echo ${shellQuote(value)}`);
    }
  });

  it('never renders a value again, even when it contains a template', () => {
    expect(render('echo {{x}}', { x: '{{owner}}', owner: 'root' })).toBe(`echo '{{owner}}'`);
  });

  it('quotes helper results and leaves raw insertion unquoted', () => {
    expect(render('echo {{upper x}}', { x: 'a b' })).toBe("echo 'A B'");
    expect(render('echo {{raw x}}', { x: 'a b' })).toBe('echo a b');
    expect(parseTemplate('echo {{raw x}}', 'shell').raw).toEqual(['x']);
  });

  it('inserts secret parameters through the environment, never inline', () => {
    expect(render('login --token {{token}}', { token: 's3cr3t' }, 'shell', ['token'])).toBe('login --token "${RUNBOOK_SECRET_TOKEN}"');
  });

  it('allows values inside $(...) within double quotes', () => {
    const parsed = parseTemplate('test "$(stat -c %u:%g {{dir}})" = {{owner}}', 'shell');
    expect(parsed.issues).toEqual([]);
    expect(compileTemplate(parsed, new Set())({ dir: '/data x', owner: '1:1' })).toBe(`test "$(stat -c %u:%g '/data x')" = 1:1`);
  });

  it('rejects a template inside a quoted string, with a hint', () => {
    const parsed = parseTemplate('echo "hello {{name}}"', 'shell');
    expect(parsed.issues).toMatchObject([{ code: 'template.in-quotes', line: 1, col: 13 }]);
    expect(templateIssueText(parsed.issues[0]!, compileText('en')).hint).toMatch(/remove the quotes/);
    expect(templateIssueText(parsed.issues[0]!, compileText('zh-CN'))).toEqual({
      message: '{{name}} 位于双引号字符串之中',
      hint: '请去掉它两边的引号：值会自动进行 shell 引用（确有必要时可用 {{raw …}}）',
    });
    expect(parseTemplate("echo 'x {{name}}'", 'shell').issues[0]!.code).toBe('template.in-quotes');
    expect(parseTemplate('echo x{{name}}y', 'shell').issues).toEqual([]);
    expect(parseTemplate('echo "a" {{name}} "b"', 'shell').issues).toEqual([]);
  });

  it('rejects partials, triple braces, unknown helpers and blocks', () => {
    expect(parseTemplate('{{> p}}', 'shell').issues[0]!.code).toBe('template.partial');
    expect(parseTemplate('{{{x}}}', 'shell').issues[0]!.code).toBe('template.triple-stash');
    expect(parseTemplate('{{lookup x y}}', 'shell').issues[0]!.code).toBe('template.unknown-helper');
    expect(parseTemplate('{{#each x}}a{{/each}}', 'shell').issues[0]!.code).toBe('template.unknown-block');
    expect(parseTemplate('{{#if x}}a', 'shell').issues[0]!.code).toBe('template.syntax');
  });

  it('supports if/unless blocks and comparison helpers', () => {
    expect(render('run{{#if debug}} --verbose{{/if}}', { debug: true })).toBe('run --verbose');
    expect(render('run{{#if debug}} --verbose{{/if}}', { debug: false })).toBe('run');
    expect(render('{{eq mode "test"}}', { mode: 'test' }, 'text')).toBe('true');
    expect(render('{{#unless (eq mode "test")}}prod{{/unless}}', { mode: 'live' }, 'text')).toBe('prod');
  });

  it('reports references with their positions', () => {
    const parsed = parseTemplate('a {{x}}\nb {{steps.list.stdout}}', 'shell');
    expect(parsed.references.map((r) => [r.parts.join('.'), r.line, r.col])).toEqual([
      ['x', 1, 5],
      ['steps.list.stdout', 2, 5],
    ]);
  });
});

describe('isTruthy', () => {
  it('treats empty, false, 0 and no as false', () => {
    for (const v of ['', ' ', 'false', 'FALSE', '0', 'no']) expect(isTruthy(v)).toBe(false);
    for (const v of ['true', '1', 'yes', 'anything']) expect(isTruthy(v)).toBe(true);
  });
});
