// Semantics of a run: order, rollback, check-skip, retries, timeouts, continue_on_error, when, outputs, finally.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, deferred, env, plan, probe, rendered, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

function setup() {
  const home = tempDir();
  const work = tempDir('runbook-work-');
  const trail = join(work, 'trail');
  /** A command appending `word` to the trail file. */
  const mark = (word: string) => `echo ${word} >> ${trail}`;
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  return { home, work, trail, mark, read };
}

describe('runPlan', () => {
  it('runs the steps in order and ends ok with exit 0', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(plan([step('a', mark('a')), step('b', mark('b')), step('c', mark('c'))]), { home, reporter });
    expect(read()).toEqual(['a', 'b', 'c']);
    expect(result.status).toBe('ok');
    expect(result.exitCode).toBe(0);
    expect(reporter.of('step.finished').map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(reporter.of('run.finished')[0]!.counts.ok).toBe(3);
  });

  it('rolls back completed steps in reverse order when a step fails, exit 1', async () => {
    const { home, mark, read } = setup();
    const result = await runPlan(
      plan([
        step('a', mark('a'), { rollback: rollback(mark('undo-a')) }),
        step('b', mark('b'), { rollback: rollback(mark('undo-b')) }),
        step('c', `${mark('c')}; exit 7`, { rollback: rollback(mark('undo-c')) }),
        step('d', mark('d')),
      ]),
      { home },
    );
    expect(read()).toEqual(['a', 'b', 'c', 'undo-b', 'undo-a']);
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(result.failedStep).toBe('c');
    expect(result.reason).toContain('exit code 7');
    expect(result.steps.find((s) => s.id === 'a')!.status).toBe('rolled_back');
  });

  it('stops the rollback at the first rollback that fails, and ends rollback_failed with exit 4', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(
      plan([
        step('a', mark('a'), { rollback: rollback(mark('undo-a')) }),
        step('b', mark('b'), { rollback: rollback('echo cannot undo >&2; exit 1') }),
        step('c', 'exit 1'),
      ]),
      { home, reporter },
    );
    // issue 12: a's rollback must not run once b's failed (it could destroy what a human needs).
    expect(read()).toEqual(['a', 'b']);
    expect(result.status).toBe('rollback_failed');
    expect(result.exitCode).toBe(4);
    const finished = reporter.of('rollback.finished');
    expect(finished.map((e) => [e.id, e.ok, e.skipped])).toEqual([
      ['b', false, undefined],
      ['a', false, true],
    ]);
    expect(finished[0]!.reason).toContain('cannot undo');
    expect(result.unrolled).toEqual([{ id: 'a', name: 'a', command: mark('undo-a') }]);
  });

  it('a rollback verify that fails makes the rollback fail', async () => {
    const { home, mark } = setup();
    const result = await runPlan(plan([step('a', mark('a'), { rollback: rollback('true', { verify: probe('false') }) }), step('b', 'false')]), { home });
    expect(result.status).toBe('rollback_failed');
  });

  it('skips a step whose check passes (already_done) and does not roll it back', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(
      plan([step('a', mark('a'), { check: probe('true'), rollback: rollback(mark('undo-a')) }), step('b', mark('b'), { check: probe('false') }), step('c', 'false')]),
      { home, reporter },
    );
    expect(read()).toEqual(['b']);
    expect(reporter.of('step.skipped')).toMatchObject([{ id: 'a', status: 'already_done' }]);
    expect(result.steps.find((s) => s.id === 'a')!.status).toBe('already_done');
  });

  it('retries with a growing delay, then succeeds', async () => {
    const { home, work } = setup();
    const counter = join(work, 'count');
    const reporter = collector();
    // Fails twice, then succeeds.
    const command = `n=$(cat ${counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${counter}; [ $n -ge 3 ]`;
    const started = Date.now();
    const result = await runPlan(plan([step('flaky', command, { retries: 3, delayMs: 40, backoff: 2 })]), { home, reporter });
    expect(result.status).toBe('ok');
    expect(reporter.of('step.retrying').map((e) => [e.attempt, e.of, e.delayMs])).toEqual([
      [2, 4, 40],
      [3, 4, 80],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(reporter.of('step.finished')[0]).toMatchObject({ status: 'ok', attempts: 3 });
  });

  it('fails after the last retry', async () => {
    const { home } = setup();
    const reporter = collector();
    const result = await runPlan(plan([step('never', 'echo nope >&2; exit 3', { retries: 2, delayMs: 1 })]), { home, reporter });
    expect(result.status).toBe('failed');
    expect(reporter.of('step.retrying')).toHaveLength(2);
    expect(result.reason).toBe('never: exit code 3: nope');
  });

  it('kills a hung step at its timeout', async () => {
    const { home } = setup();
    const started = Date.now();
    const result = await runPlan(plan([step('hang', 'sleep 30', { timeoutMs: 200 })]), { home, killGraceMs: 200 });
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('timed out after 200ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('continue_on_error lets the run go on and does not fail it', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(plan([step('a', 'exit 2', { continueOnError: true }), step('b', mark('b'))]), { home, reporter });
    expect(read()).toEqual(['b']);
    expect(result.status).toBe('ok');
    expect(reporter.of('step.finished')[0]).toMatchObject({ id: 'a', status: 'failed', continued: true });
  });

  it('later steps can read the exit code of a step that failed with continue_on_error', async () => {
    const { home, mark, read } = setup();
    const result = await runPlan(
      plan([
        step('probe', 'echo partial; exit 3', { continueOnError: true }),
        step('fix', mark('fix'), { when: deferred('{{#if (eq steps.probe.exit_code 3)}}yes{{/if}}', 'text') }),
      ]),
      { home },
    );
    expect(result.status).toBe('ok');
    expect(read()).toEqual(['fix']);
  });

  it('skips a step whose `when` is false, reading an earlier step output', async () => {
    const { home, mark, read } = setup();
    const result = await runPlan(
      plan([
        step('probe', 'echo no'),
        step('gated', mark('gated'), { when: deferred('{{steps.probe.stdout}}', 'text') }),
        step('other', mark('other'), { when: deferred('{{#if (eq steps.probe.stdout "no")}}yes{{/if}}', 'text') }),
      ]),
      { home },
    );
    expect(read()).toEqual(['other']);
    expect(result.steps.find((s) => s.id === 'gated')!.status).toBe('skipped');
  });

  it('passes outputs (stdout, exit code, parsed JSON) to later steps as data', async () => {
    const { home, work } = setup();
    const out = join(work, 'out');
    const result = await runPlan(
      plan([
        step('first', `printf '%s' '{"name":"$(touch /tmp/never)","n":2}'`, { parse: 'json' }),
        step('second', deferred(`printf '%s|%s|%s' {{steps.first.json.name}} {{steps.first.json.n}} {{steps.first.exit_code}} > ${out}`)),
      ]),
      { home },
    );
    expect(result.status).toBe('ok');
    expect(readFileSync(out, 'utf8')).toBe('$(touch /tmp/never)|2|0');
    expect(existsSync('/tmp/never')).toBe(false);
  });

  it('fails a parse: json step whose stdout is not JSON', async () => {
    const { home } = setup();
    const result = await runPlan(plan([step('bad', 'echo not json', { parse: 'json' })]), { home });
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('not JSON');
  });

  it('verify failing fails the step and rolls back the earlier ones', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(
      plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', mark('b'), { verify: probe('echo still broken >&2; false', { retries: 1, delayMs: 1 }) })]),
      { home, reporter },
    );
    expect(read()).toEqual(['a', 'b', 'undo-a']);
    expect(result.reason).toContain('verify failed');
    expect(result.reason).toContain('still broken');
    expect(reporter.of('step.verifying').map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('runs finally steps after success and after failure', async () => {
    const { home, mark, read } = setup();
    await runPlan(plan([step('a', mark('a'))], { finally: [step('cleanup', mark('cleanup'))] }), { home });
    expect(read()).toEqual(['a', 'cleanup']);
    const second = setup();
    const result = await runPlan(plan([step('a', 'false')], { finally: [step('cleanup', second.mark('cleanup'))] }), { home: second.home });
    expect(second.read()).toEqual(['cleanup']);
    expect(result.status).toBe('failed');
  });

  it('a failing precondition stops everything before any step: exit 3', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(plan([step('a', mark('a'))], { preconditions: [probe('true'), probe('test -d /nonexistent-dir', { name: 'dir exists' })] }), { home, reporter });
    expect(read()).toEqual([]);
    expect(result.status).toBe('precondition_failed');
    expect(result.exitCode).toBe(3);
    expect(result.reason).toContain('precondition 2 (dir exists) failed');
    expect(reporter.of('probe.finished').map((e) => e.ok)).toEqual([true, false]);
  });

  it('a failing postcondition fails the run and rolls back', async () => {
    const { home, mark, read } = setup();
    const result = await runPlan(plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) })], { postconditions: [probe('false')] }), { home });
    expect(read()).toEqual(['a', 'undo-a']);
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
  });

  it('runs commands with only the documented base environment plus declared env', async () => {
    const { home, work } = setup();
    const out = join(work, 'env');
    const result = await runPlan(
      plan([step('env', `env > ${out}`, { env: [env('STEP_VAR', 'step')] })], {
        env: [env('PLAY_VAR', 'play')],
      }),
      { home, env: { PATH: process.env.PATH, HOME: '/home/x', AWS_SECRET_ACCESS_KEY: 'leak', npm_config_foo: 'x' }, extraEnv: { SANDBOX_DIR: '/sb' } },
    );
    expect(result.status).toBe('ok');
    const names = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=')[0]);
    expect(names).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(names).not.toContain('npm_config_foo');
    expect(readFileSync(out, 'utf8')).toMatch(/^PLAY_VAR=play$/m);
    expect(readFileSync(out, 'utf8')).toMatch(/^STEP_VAR=step$/m);
    expect(readFileSync(out, 'utf8')).toMatch(/^SANDBOX_DIR=\/sb$/m);
    expect(readFileSync(out, 'utf8')).toMatch(/^HOME=\/home\/x$/m);
  });

  it('check, verify and rollback run in the step\'s cwd unless they name their own', async () => {
    const { home, work, mark, read } = setup();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(work, 'sub'));
    const here = rendered(join(work, 'sub'), 'text');
    const result = await runPlan(
      plan([
        step('a', `test "$PWD" = ${work}/sub && ${mark('a')}`, {
          cwd: here,
          check: probe(`test "$PWD" = ${work}/sub && false`),
          verify: probe(`test "$PWD" = ${work}/sub`),
          rollback: rollback(`test "$PWD" = ${work}/sub && ${mark('undo-a')}`, { verify: probe(`test "$PWD" = ${work}/sub`) }),
        }),
        step('b', 'false'),
      ]),
      { home },
    );
    expect(read()).toEqual(['a', 'undo-a']);
    expect(result.status).toBe('failed');
  });

  it('a reporter that throws does not break the run', async () => {
    const { home } = setup();
    const result = await runPlan(plan([step('a', 'true')]), {
      home,
      reporter: [
        {
          onEvent: () => {
            throw new Error('boom');
          },
        },
        collector(),
      ],
    });
    expect(result.status).toBe('ok');
  });

  it('pipefail: a failing command early in a pipeline fails the step', async () => {
    const { home } = setup();
    const result = await runPlan(plan([step('pipe', 'false | cat')]), { home });
    expect(result.status).toBe('failed');
  });
});

describe('messages in the run language', () => {
  it('reasons are in Chinese with lang zh-CN', async () => {
    const { home } = setup();
    const result = await runPlan(plan([step('a', 'exit 4')], { preconditions: [] }), { home, lang: 'zh-CN' });
    expect(result.reason).toBe('a: 退出码 4');
    const pre = await runPlan(plan([step('a', 'true')], { preconditions: [probe('false', { name: 'ready' })] }), { home, lang: 'zh-CN' });
    expect(pre.reason).toBe('前置条件 1（ready）失败：退出码 1');
  });
});
