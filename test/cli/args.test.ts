// Command-line parsing errors in English and Chinese: unknown options with a suggestion, bad values, stray arguments.
import { describe, expect, it } from 'vitest';
import { commandParams, oneOf, parseCommandArgs } from '../../src/cli/args.js';
import { UserError } from '../../src/engine/errors.js';
import type { Lang } from '../../src/i18n/index.js';

const options = { param: { type: 'string', short: 'p', multiple: true }, json: { type: 'boolean' } } as const;

function errorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

const parse = (args: string[], lang: Lang, positionals = true) => errorOf(() => parseCommandArgs('plan', args, options, lang, positionals));

describe('parseCommandArgs', () => {
  it('names an unknown option and suggests the close one', () => {
    expect(parse(['--parm', 'x=1'], 'en')).toMatchObject({ message: 'plan: unknown option --parm', hint: 'did you mean --param? (see `runbook plan --help`)' });
    expect(parse(['--parm', 'x=1'], 'zh-CN')).toMatchObject({ message: 'plan：未知选项 --parm', hint: '你是不是想写 --param？（参见 `runbook plan --help`）' });
  });

  it('explains a missing value, a value given to a flag, and a stray argument', () => {
    // Our words, never node's (`Option '-p, --param <value>' argument missing`).
    expect(parse(['--param'], 'en')).toMatchObject({ message: 'plan: --param needs a value', hint: 'write --param name=value' });
    expect(parse(['-p'], 'zh-CN')).toMatchObject({ message: 'plan：选项 --param 缺少值', hint: '请写成 --param 名称=值' });
    expect(parse(['--json=1'], 'zh-CN').message).toBe('plan：选项 --json 不接受值');
    expect(parse(['--param', '--json'], 'en')).toMatchObject({ message: 'plan: --param needs a value, and the argument after it starts with a dash', hint: 'if that is the value, write --param=<value>; else give --param its value first' });
    expect(parse(['extra'], 'en', false).message).toBe("plan: unexpected argument 'extra' (this command takes options only)");
    expect(parse(['extra'], 'zh-CN', false)).toMatchObject({ message: "plan：多余的参数 'extra'（此命令只接受选项）", hint: '参见 `runbook plan --help`' });
    for (const args of [['--param'], ['--json=1'], ['--param', '--json'], ['extra'], ['--parm']]) {
      for (const lang of ['en', 'zh-CN'] as const) expect(parse(args, lang, false).message).not.toMatch(/Option '|argument missing|positional|<value>/);
    }
  });
});

describe('oneOf and commandParams', () => {
  it('lists the allowed values', () => {
    expect(oneOf('lint', 'format', undefined, ['text', 'json'] as const, 'text', 'zh-CN')).toBe('text');
    expect(errorOf(() => oneOf('lint', 'format', 'xml', ['text', 'json'] as const, 'text', 'en')).message).toBe('lint: --format must be one of text, json; got "xml"');
    expect(errorOf(() => oneOf('lint', 'format', 'xml', ['text', 'json'] as const, 'text', 'zh-CN')).message).toBe('lint：--format 必须是 text, json 之一；收到的是 "xml"');
  });

  it('rejects a --param without =', () => {
    expect(commandParams('plan', ['a=b=c'], 'en')).toEqual({ a: 'b=c' });
    expect(errorOf(() => commandParams('plan', ['oops'], 'en'))).toMatchObject({ message: 'plan: --param takes name=value, got "oops"', hint: 'write --param name=value' });
    expect(errorOf(() => commandParams('plan', ['oops'], 'zh-CN'))).toMatchObject({ message: 'plan：--param 的格式是 名称=值，收到的是 "oops"', hint: '请写成 --param 名称=值' });
  });
});
