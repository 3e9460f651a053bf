// `runbook play` end to end from YAML: exit codes, journal, history/logs, parameters as literal data.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace, writePlaybook } from './play-helpers.js';

const basic = (dir: string) => `
name: basic
title: Basic
params:
  fail: { type: boolean, default: false }
steps:
  - id: one
    run: echo one >> ${dir}/trail
    rollback: echo undo-one >> ${dir}/trail
  - id: two
    run: "echo two >> ${dir}/trail; {{#if fail}}exit 3{{/if}}"
`;

describe('runbook play', () => {
  it('runs a playbook, journals it, and history/logs show it', async () => {
    const dir = workspace();
    writePlaybook(dir, 'basic.yaml', basic(dir));
    const ok = await runCli(['play', 'basic.yaml', '--output', 'plain'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('one\ntwo\n');
    const runs = readdirSync(join(dir, '.runbook', 'runs'));
    expect(runs).toHaveLength(1);

    const failed = await runCli(['play', 'basic.yaml', '--param', 'fail=true', '--output', 'json'], { cwd: dir });
    expect(failed.code).toBe(1);
    const events = failed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; status?: string });
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed', exitCode: 1 });
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('one\ntwo\none\ntwo\nundo-one\n');

    const history = await runCli(['history'], { cwd: dir });
    expect(history.code).toBe(0);
    const lines = history.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/failed\s+1\s/);
    expect(lines[2]).toMatch(/ok\s+0\s/);

    const logs = await runCli(['logs', 'last'], { cwd: dir });
    expect(logs.stdout).toContain('two: FAILED');
    expect(logs.stdout).toContain('one: rollback ok');
    const stepLog = await runCli(['logs', 'last', '--step', 'one.rollback'], { cwd: dir });
    expect(stepLog.code).toBe(0);
  });

  it('exit codes: 2 invalid parameter, 3 precondition failed (nothing changed)', async () => {
    const dir = workspace();
    writePlaybook(dir, 'basic.yaml', basic(dir));
    expect((await runCli(['play', 'basic.yaml', '--param', 'fail=maybe'], { cwd: dir })).code).toBe(2);
    writePlaybook(dir, 'pre.yaml', `name: pre\ntitle: Pre\npreconditions:\n  - run: test -d ${dir}/missing\nsteps:\n  - id: a\n    run: touch ${dir}/changed\n`);
    const pre = await runCli(['play', 'pre.yaml'], { cwd: dir });
    expect(pre.code).toBe(3);
    expect(existsSync(join(dir, 'changed'))).toBe(false);
  });

  it('a gate without a terminal and without --yes stops safely (exit 1); --yes passes it', async () => {
    const dir = workspace();
    writePlaybook(dir, 'gate.yaml', `name: gate\ntitle: Gate\nrisk: high\nsteps:\n  - id: sure\n    confirm: { message: "Really?", type: mlflow }\n  - id: act\n    run: touch ${dir}/acted\n`);
    const stopped = await runCli(['play', 'gate.yaml'], { cwd: dir });
    expect(stopped.code).toBe(1);
    expect(existsSync(join(dir, 'acted'))).toBe(false);
    expect((await runCli(['play', 'gate.yaml', '--yes'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'acted'))).toBe(true);
  });

  it('--check runs only probes and reports what would change', async () => {
    const dir = workspace();
    writePlaybook(dir, 'c.yaml', `name: c\ntitle: C\nsteps:\n  - id: done\n    check: "true"\n    run: touch ${dir}/x\n  - id: todo\n    check: "false"\n    run: touch ${dir}/x\n`);
    const result = await runCli(['play', 'c.yaml', '--check', '--output', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; id?: string });
    expect(events.filter((e) => e.type === 'step.would_run').map((e) => e.id)).toEqual(['todo']);
  });

  it('--home and RUNBOOK_HOME choose where journals go', async () => {
    const dir = workspace();
    writePlaybook(dir, 'basic.yaml', basic(dir));
    await runCli(['play', 'basic.yaml', '--home', 'h1'], { cwd: dir });
    await runCli(['play', 'basic.yaml'], { cwd: dir, env: { RUNBOOK_HOME: join(dir, 'h2') } });
    expect(readdirSync(join(dir, 'h1', 'runs'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'h2', 'runs'))).toHaveLength(1);
  });
});

describe('parameters are data, never shell syntax', () => {
  const attacks = [`'; touch SENTINEL #`, '$(touch SENTINEL)', '`touch SENTINEL`', 'a\ntouch SENTINEL', '"; touch SENTINEL; echo "', '$((1+1)) ${HOME} | touch SENTINEL & touch SENTINEL'];

  it.each(attacks)('%j reaches every command field as literal text', async (attack) => {
    const dir = workspace();
    const sentinel = join(dir, 'SENTINEL');
    // The value goes through run, check, verify, rollback, when, env, a precondition and a later step's output.
    writePlaybook(
      dir,
      'inject.yaml',
      `
name: inject
title: Injection
params:
  value: { type: string }
env:
  VALUE_ENV: "{{value}}"
preconditions:
  - run: test -n {{value}}
steps:
  - id: echo
    when: "{{value}}"
    check: test {{value}} = never-equal
    run: printf '%s' {{value}} > out1; printf '%s' "$VALUE_ENV" > out2; printf '%s' {{value}}
    verify: test "$(cat out1)" = {{value}}
  - id: again
    run: printf '%s' {{steps.echo.stdout}} > out3
    rollback: printf '%s' {{value}} > out4
  - id: boom
    run: "false"
`,
    );
    const result = await runCli(['play', 'inject.yaml', '--param', `value=${attack.replaceAll('SENTINEL', sentinel)}`, '--output', 'plain'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(existsSync(sentinel)).toBe(false);
    const expected = attack.replaceAll('SENTINEL', sentinel);
    for (const out of ['out1', 'out2', 'out4']) expect(readFileSync(join(dir, out), 'utf8')).toBe(expected);
    // Command substitution in the output: trailing newlines are dropped, nothing else changes.
    expect(readFileSync(join(dir, 'out3'), 'utf8')).toBe(expected);
  });
});

describe('runbook play --plan', () => {
  it('runs a saved plan, and refuses it once the playbook changed', async () => {
    const dir = workspace();
    const file = writePlaybook(dir, 'saved.yaml', `name: saved\ntitle: Saved\nsteps:\n  - id: a\n    run: echo a >> ${dir}/trail\n`);
    expect((await runCli(['plan', 'saved.yaml', '--out', 'saved.plan.json'], { cwd: dir })).code).toBe(0);
    const played = await runCli(['play', '--plan', 'saved.plan.json'], { cwd: dir });
    expect(played.code).toBe(0);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('a\n');
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, `  - id: b\n    run: echo b >> ${dir}/trail\n`);
    const refused = await runCli(['play', '--plan', 'saved.plan.json'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('a\n');
  });
});

describe('include from YAML', () => {
  it('runs an included playbook with its params and rolls its steps back when the parent fails later', async () => {
    const dir = workspace();
    writePlaybook(
      dir,
      'child.yaml',
      `name: child\ntitle: Child\nparams:\n  word: { type: string }\nsteps:\n  - id: say\n    run: echo child-{{word}} >> ${dir}/trail\n    rollback: echo undo-child >> ${dir}/trail\n`,
    );
    writePlaybook(
      dir,
      'parent.yaml',
      `name: parent\ntitle: Parent\nparams:\n  fail: { type: boolean, default: false }\nsteps:\n  - id: inc\n    playbook: { path: child.yaml, params: { word: "it's" } }\n  - id: last\n    run: "{{#if fail}}exit 1{{/if}}"\n`,
    );
    expect((await runCli(['play', 'parent.yaml'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['play', 'parent.yaml', '--param', 'fail=true'], { cwd: dir })).code).toBe(1);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe("child-it's\nchild-it's\nundo-child\n");
  });
});
