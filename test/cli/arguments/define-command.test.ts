// A command defined with defineCommand parses its arguments before it runs: a problem stops it with exit 2, nothing done.
import { describe, expect, it, vi } from 'vitest';
import { defineCommand, type CliContext } from '../../../src/cli/context.js';
import type { Parsed } from '../../../src/cli/arguments/diagnostics.js';
import { UserError } from '../../../src/engine/errors.js';

const ctx = { argv: [], cwd: '/', env: {}, lang: 'en' } as unknown as CliContext;

function fakeCommand() {
  const run = vi.fn(async (args: { name: string }) => (args.name === 'ok' ? 0 : 1));
  const parse = (argv: readonly string[]): Parsed<{ name: string }> =>
    argv[0] === undefined ? { diagnostics: [{ message: 'fake: give a name', hint: 'runbook fake ok' }, { message: 'second' }] } : { args: { name: argv[0] } };
  return { run, command: defineCommand({ usage: { en: 'Usage: runbook fake <name>', 'zh-CN': '用法：runbook fake <名称>' }, parse, run }) };
}

describe('defineCommand', () => {
  it('runs the command with the typed arguments', async () => {
    const { run, command } = fakeCommand();
    await expect(command.run(['ok'], ctx)).resolves.toBe(0);
    expect(run).toHaveBeenCalledWith({ name: 'ok' }, ctx);
    expect(command.parse?.(['x'], ctx)).toEqual({ args: { name: 'x' } });
  });

  it('a problem in the arguments is a UserError (exit 2, the first problem with its hint), and the command never runs', async () => {
    const { run, command } = fakeCommand();
    const error = await command.run([], ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ message: 'fake: give a name', hint: 'runbook fake ok', exitCode: 2 });
    expect(run).not.toHaveBeenCalled();
  });
});
