// `runbook play` arguments: a playbook or a saved plan, --check, the sandbox, and the problems said before anything runs.
import { describe, expect, it } from 'vitest';
import { parsePlay } from '../../../src/cli/arguments/play.js';

const en = { lang: 'en', env: {}, cwd: '/' } as const;
const zh = { ...en, lang: 'zh-CN' } as const;

describe('parsePlay', () => {
  it('a playbook with parameters, check mode and the sandbox', () => {
    expect(parsePlay(['redis-flush', '-p', 'db=0', '--check', '--sandbox', '--sandbox-fault', 'redis-down'], en)).toEqual({
      args: { source: { playbook: 'redis-flush' }, params: { db: '0' }, check: true, sandbox: { fault: 'redis-down' }, yes: false, home: undefined, output: 'auto', quiet: false },
    });
    expect(parsePlay(['a.yaml', '--sandbox'], en).args).toMatchObject({ sandbox: { fault: undefined }, check: false });
    expect(parsePlay(['a.yaml'], en).args?.sandbox).toBeUndefined();
  });

  it('a saved plan names its own playbook', () => {
    expect(parsePlay(['--plan', 'saved.json'], en).args).toMatchObject({ source: { savedPlan: 'saved.json' } });
  });

  it('needs exactly one playbook, unless a plan is given', () => {
    const oneFile = { message: 'play: give exactly one playbook file (or --plan saved.json)', hint: 'runbook play runbooks/mlflow-permissions.yaml' };
    expect(parsePlay([], en).diagnostics).toEqual([oneFile]);
    expect(parsePlay(['a.yaml', 'b.yaml'], en).diagnostics).toEqual([oneFile]);
    expect(parsePlay([], zh).diagnostics?.[0]?.message).toBe('play：请指定一个 playbook 文件（或 --plan saved.json）');
  });

  it('refuses options that contradict each other', () => {
    expect(parsePlay(['a.yaml', '--sandbox-fault', 'x'], en).diagnostics).toEqual([{ message: 'play: --sandbox-fault needs --sandbox' }]);
    expect(parsePlay(['--plan', 's.json', '--check'], zh).diagnostics).toEqual([{ message: 'play：--check 不能与 --plan 一起使用' }]);
  });

  it('a bad --param, and an option it does not know, with the close one', () => {
    expect(parsePlay(['a.yaml', '-p', 'oops'], en).diagnostics).toEqual([{ message: 'play: --param takes name=value, got "oops"', hint: 'write --param name=value' }]);
    expect(parsePlay(['a.yaml', '--sandbx'], en).diagnostics).toEqual([{ message: 'play: unknown option --sandbx', hint: 'did you mean --sandbox? (see `runbook play --help`)' }]);
    expect(parsePlay(['a.yaml', '--output'], en).diagnostics).toEqual([{ message: 'play: --output needs a value', hint: 'write --output <value> (or --output=<value>); see `runbook play --help`' }]);
  });

  it('reports every problem it finds, the first first', () => {
    expect(parsePlay(['--sandbox-fault', 'x', '--output', 'tty'], en).diagnostics?.map((d) => d.message)).toEqual([
      'play: --output must be one of auto, ink, plain, json; got "tty"',
      'play: --sandbox-fault needs --sandbox',
      'play: give exactly one playbook file (or --plan saved.json)',
    ]);
  });
});
