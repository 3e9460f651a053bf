// Templates: shell quoting, strictness, quotes detection, raw insertion, values never re-rendered.
import { describe, expect, it } from 'vitest';
import { isTruthy, parseTemplate, shellQuote } from '../../src/engine/template.js';
import { compileTemplate, NulValueError, renderCommand } from '../../src/engine/template-render.js';
import type { PlanParam, Rendered } from '../../src/engine/plan.js';
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

describe('the quote tracker (readability and misuse, not safety)', () => {
  const codes = (source: string) => parseTemplate(source, 'shell').issues.map((i) => i.code);

  it("reads a `'` in a comment as part of the comment", () => {
    expect(codes("# don't panic\necho '{{msg}}'")).toEqual(['template.in-quotes']);
    expect(codes("# don't panic\necho {{msg}}")).toEqual([]);
    expect(codes("echo hi # it's fine\necho {{msg}}")).toEqual([]);
    // `#` inside a word or a parameter expansion starts no comment.
    expect(codes("echo a#b'{{msg}}'")).toEqual(['template.in-quotes']);
    expect(codes("echo ${#x} '{{msg}}'")).toEqual(['template.in-quotes']);
  });

  it("knows ANSI-C quoting, where \\' does not close the string", () => {
    expect(codes("echo $'it\\'s {{msg}}'")).toEqual(['template.in-quotes']);
    expect(codes("echo $'a\\'b' {{msg}}")).toEqual([]);
  });

  it('finds the body of a here-document opened inside backticks', () => {
    expect(codes('x=`cat <<EOF\n{{msg}}\nEOF\n`')).toEqual(['template.in-heredoc']);
    expect(codes('x=`cat <<EOF\nhello\nEOF\n` {{msg}}')).toEqual([]);
  });

  it('reports a backslash right before a template', () => {
    expect(codes('echo \\\\{{msg}}')).toEqual(['template.after-backslash']);
    expect(codes("echo \\\\{{msg}}'")).toEqual(['template.after-backslash']);
    expect(codes('echo \\\\\\\\ {{msg}}')).toEqual([]);
  });

  it('accepts a template in a comment, which the shell never reads', () => {
    expect(codes("# was: echo '{{msg}}'\ntrue")).toEqual([]);
  });
});

describe('renderCommand: the form a process runs', () => {
  const param = (name: string, value: PlanParam['value'], secret = false): PlanParam => ({ name, type: 'string', value, secret, source: 'given' });
  const shell = (source: string, deferred = false): Rendered => ({ text: source, source, kind: 'shell', deferred, raw: [] });
  const hostile = ['$(touch /tmp/x)', '`touch /tmp/x`', "'", '"', 'a\nb', '; touch /tmp/x', '\\', '${IFS}', '--', "x'\"$(id)\"'"];

  it('puts every value in the environment and only a reference to it in the text', () => {
    for (const value of hostile) {
      const out = renderCommand(shell('echo {{msg}} {{upper msg}}'), { params: [param('msg', value)], steps: {} });
      expect(out.command).toBe('echo "${RUNBOOK_V_1}" "${RUNBOOK_V_2}"');
      expect(out.env).toEqual({ RUNBOOK_V_1: value, RUNBOOK_V_2: value.toUpperCase() });
    }
  });

  it('passes step outputs the same way, and secrets through their own variable', () => {
    const out = renderCommand(shell('login {{token}} {{steps.list.stdout}} {{#if debug}}{{steps.list.exit_code}}{{/if}}', true), {
      params: [param('token', 's3cr3t', true), { ...param('debug', true), type: 'boolean' }],
      steps: { list: { stdout: "a'b $(id)", stderr: '', exit_code: 3 } },
    });
    expect(out.command).toBe('login "${RUNBOOK_SECRET_TOKEN}" "${RUNBOOK_V_1}" "${RUNBOOK_V_2}"');
    expect(out.env).toEqual({ RUNBOOK_V_1: "a'b $(id)", RUNBOOK_V_2: '3' });
  });

  it('keeps {{raw x}} inline: the one explicit exception', () => {
    const out = renderCommand(shell('docker logs {{raw flags}} api'), { params: [param('flags', '--tail 5')], steps: {} });
    expect(out).toEqual({ command: 'docker logs --tail 5 api', env: {} });
  });

  it('shows the same template with the values inline and quoted, for plans', () => {
    const parsed = parseTemplate('echo {{msg}}', 'shell');
    expect(compileTemplate(parsed, new Set())({ msg: '$(id)' })).toBe("echo '$(id)'");
  });

  it('refuses a value with a NUL byte, which no process can receive', () => {
    const run = () => renderCommand(shell('echo {{steps.a.stdout}}', true), { params: [], steps: { a: { stdout: 'a\0b', stderr: '', exit_code: 0 } }, lang: 'en' });
    expect(run).toThrow(NulValueError);
    expect(run).toThrow(/NUL byte/);
  });
});

describe('parsed templates are shared', () => {
  it('reads a template the same after rendering it: the renderer never changes a parsed tree', () => {
    // Handlebars' compiler rewrites a literal path (`{{"x"}}`, `{{true}}`) in place into a name.
    for (const source of ['{{"x"}}', '{{true}}', 'a {{upper (lower "A")}} b']) {
      const { ast: _first, ...before } = parseTemplate(source, 'text');
      try {
        compileTemplate(parseTemplate(source, 'text'), new Set())({});
      } catch {
        // `{{"x"}}` names nothing a strict render knows; only what the parse says afterwards matters here
      }
      const { ast: _again, ...after } = parseTemplate(source, 'text');
      expect(after, source).toEqual(before);
    }
  });
});
