// The parser every command's arguments go through: problems collected in the user's words, a typed result only without them.
import { describe, expect, it } from 'vitest';
import { validArguments, type ArgumentDiagnostic, type Parsed } from '../../../src/cli/arguments/diagnostics.js';
import { PARAM_OPTION, readParams } from '../../../src/cli/arguments/options.js';
import { ArgumentParser } from '../../../src/cli/arguments/parser.js';
import { UserError } from '../../../src/engine/errors.js';
import type { Lang } from '../../../src/i18n/index.js';

const options = { ...PARAM_OPTION, format: { type: 'string', short: 'f' }, json: { type: 'boolean' } } as const;

describe('ArgumentParser', () => {
  it('reads options and positionals; the result is built only when nothing is wrong', () => {
    const parser = new ArgumentParser('plan', 'en');
    const line = parser.read(['a.yaml', '-p', 'x=1', '--json'], options);
    expect(line).toMatchObject({ values: { param: ['x=1'], json: true }, positionals: ['a.yaml'] });
    expect(parser.result(() => 'built')).toEqual({ args: 'built' });
  });

  it('an unreadable command line is one problem, and failure() gives it', () => {
    const parser = new ArgumentParser('plan', 'zh-CN');
    expect(parser.read(['--jsno'], options)).toBeUndefined();
    expect(parser.failure()).toEqual({ diagnostics: [{ message: 'plan：未知选项 --jsno', hint: '你是不是想写 --json？（参见 `runbook plan --help`）' }] });
  });

  it('a command that takes no positional argument names the stray one', () => {
    const parser = new ArgumentParser('history', 'en');
    expect(parser.read(['extra'], {}, false)).toBeUndefined();
    expect(parser.failure().diagnostics?.[0]?.message).toBe("history: unexpected argument 'extra' (this command takes options only)");
  });

  it('keeps every problem, in the order found, and the fallback values go on', () => {
    const parser = new ArgumentParser('lint', 'en');
    expect(parser.oneOf('format', 'xml', ['text', 'json'] as const, 'text')).toBe('text');
    expect(readParams(parser, ['oops', 'a=b=c'])).toEqual({});
    parser.problem('lint: something else', 'do this');
    let built = false;
    const result = parser.result(() => (built = true));
    expect(built).toBe(false);
    expect(result.diagnostics).toEqual([
      { message: 'lint: --format must be one of text, json; got "xml"' },
      { message: 'lint: --param takes name=value, got "oops"', hint: 'write --param name=value' },
      { message: 'lint: something else', hint: 'do this' },
    ]);
  });

  it('reads --param pairs: the value may hold =', () => {
    const parser = new ArgumentParser('diff', 'en');
    expect(readParams(parser, ['a=b=c', 'empty='])).toEqual({ a: 'b=c', empty: '' });
    expect(readParams(parser, undefined)).toEqual({});
    expect(parser.result(() => 'ok')).toEqual({ args: 'ok' });
  });
});

/** The problem of a `plan` command line (with the options above) that cannot be read. */
function problemOf(args: string[], lang: Lang, positionals = true): ArgumentDiagnostic {
  const parser = new ArgumentParser('plan', lang);
  expect(parser.read(args, options, positionals)).toBeUndefined();
  return parser.failure().diagnostics![0];
}

describe('the problems of a command line, in our words', () => {
  it('names an unknown option and suggests the close one', () => {
    expect(problemOf(['--parm', 'x=1'], 'en')).toMatchObject({ message: 'plan: unknown option --parm', hint: 'did you mean --param? (see `runbook plan --help`)' });
    expect(problemOf(['--parm', 'x=1'], 'zh-CN')).toMatchObject({ message: 'plan：未知选项 --parm', hint: '你是不是想写 --param？（参见 `runbook plan --help`）' });
  });

  it('explains a missing value, a value given to a flag, and a stray argument', () => {
    // Our words, never node's (`Option '-p, --param <value>' argument missing`).
    expect(problemOf(['--param'], 'en')).toMatchObject({ message: 'plan: --param needs a value', hint: 'write --param name=value' });
    expect(problemOf(['-p'], 'zh-CN')).toMatchObject({ message: 'plan：选项 --param 缺少值', hint: '请写成 --param 名称=值' });
    expect(problemOf(['--json=1'], 'zh-CN').message).toBe('plan：选项 --json 不接受值');
    expect(problemOf(['--param', '--json'], 'en')).toMatchObject({ message: 'plan: --param needs a value, and the argument after it starts with a dash', hint: 'if that is the value, write --param=<value>; else give --param its value first' });
    expect(problemOf(['extra'], 'en', false).message).toBe("plan: unexpected argument 'extra' (this command takes options only)");
    expect(problemOf(['extra'], 'zh-CN', false)).toMatchObject({ message: "plan：多余的参数 'extra'（此命令只接受选项）", hint: '参见 `runbook plan --help`' });
    for (const args of [['--param'], ['--json=1'], ['--param', '--json'], ['extra'], ['--parm']]) {
      for (const lang of ['en', 'zh-CN'] as const) expect(problemOf(args, lang, false).message).not.toMatch(/Option '|argument missing|positional|<value>/);
    }
  });
});

describe('validArguments', () => {
  it('gives the arguments, or throws the first problem as a UserError with its hint (exit 2)', () => {
    expect(validArguments({ args: { a: 1 } })).toEqual({ a: 1 });
    const parsed: Parsed<never> = { diagnostics: [{ message: 'first', hint: 'fix it' }, { message: 'second' }] };
    let thrown: unknown;
    try {
      validArguments(parsed);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect(thrown).toMatchObject({ message: 'first', hint: 'fix it', exitCode: 2 });
  });
});
