// --check: preconditions and check probes only; reports what a real run would change.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, deferred, plan, probe, rendered, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('--check', () => {
  it('runs no action, reports the steps that would run', async () => {
    const home = tempDir();
    const touched = join(tempDir(), 'touched');
    const reporter = collector();
    const result = await runPlan(
      plan(
        [
          step('done', `touch ${touched}`, { check: probe('true') }),
          step('todo', `touch ${touched}`, { check: probe('echo not yet >&2; false') }),
          step('always', `touch ${touched}`),
          step('off', `touch ${touched}`, { when: rendered('false', 'text') }),
          step('later', `touch ${touched}`, { when: deferred('{{steps.todo.stdout}}', 'text') }),
          step('reads', `touch ${touched}`, { check: probe('', { action: { kind: 'run', command: deferred('test -n {{steps.todo.stdout}}') } }) }),
        ],
        { preconditions: [probe('true')] },
      ),
      { home, reporter, checkOnly: true },
    );
    expect(existsSync(touched)).toBe(false);
    expect(result.status).toBe('ok');
    // `later` and `reads` depend on what `todo` prints: --check cannot know whether they would run.
    expect(result.wouldRun).toEqual(['todo', 'always']);
    expect(result.unknown).toEqual(['later', 'reads']);
    expect(reporter.of('step.would_run').find((e) => e.id === 'reads')!.reason).toContain('outputs of earlier steps (todo)');
    expect(reporter.of('step.would_run').filter((e) => e.unknown).map((e) => e.id)).toEqual(['later', 'reads']);
    expect(reporter.of('step.would_run').find((e) => e.id === 'todo')!.reason).toContain('not yet');
    expect(reporter.of('step.skipped').map((e) => [e.id, e.status])).toEqual([
      ['done', 'already_done'],
      ['off', 'skipped'],
    ]);
    expect(reporter.of('step.started')).toEqual([]);
  });

  it('says unknown, not would run, when the check of a step needs outputs through its env, cwd or HTTP request', async () => {
    const home = tempDir();
    const touched = join(tempDir(), 'touched');
    const reporter = collector();
    const outputs = deferred('{{steps.first.stdout}}', 'text');
    const httpCheck = probe('', {
      action: { kind: 'http', request: { method: 'GET', url: rendered('http://127.0.0.1:9/health', 'url'), headers: [{ name: 'X-Id', value: outputs }], bodyIsJson: false, json: [], timeoutMs: 1000 } },
    });
    const result = await runPlan(
      plan([
        step('first', `touch ${touched}`),
        step('by_env', `touch ${touched}`, { env: [{ name: 'ID', value: outputs, secret: false }], check: probe('test -n "$ID"') }),
        step('by_probe_env', `touch ${touched}`, { check: probe('test -n "$ID"', { env: [{ name: 'ID', value: outputs, secret: false }] }) }),
        step('by_cwd', `touch ${touched}`, { cwd: deferred('{{steps.first.stdout}}', 'text'), check: probe('true') }),
        step('by_header', `touch ${touched}`, { check: httpCheck }),
        step('plain', `touch ${touched}`, { check: probe('true') }),
      ]),
      { home, reporter, checkOnly: true },
    );
    expect(existsSync(touched)).toBe(false);
    expect(result.wouldRun).toEqual(['first']);
    expect(result.unknown).toEqual(['by_env', 'by_probe_env', 'by_cwd', 'by_header']);
    for (const event of reporter.of('step.would_run').filter((e) => e.unknown)) expect(event.reason).toContain('(first), which --check does not run');
    expect(reporter.of('step.skipped').map((e) => e.id)).toEqual(['plain']);
  });

  it('looks inside an included playbook that has no check of its own', async () => {
    const home = tempDir();
    const touched = join(tempDir(), 'touched');
    const inner = (checks: string[]) =>
      plan(checks.map((c, i) => step(`s${i}`, `touch ${touched}`, { check: probe(c) })), {}, { name: 'inner' });
    const include = (id: string, checks: string[]) => step(id, 'true', { action: { kind: 'playbook', path: 'inner.yaml', plan: inner(checks) } });
    const reporter = collector();
    const result = await runPlan(plan([include('fixed', ['true', 'true']), include('broken', ['true', 'false'])]), { home, reporter, checkOnly: true });
    expect(existsSync(touched)).toBe(false);
    expect(result.wouldRun).toEqual(['broken.s1']);
    expect(reporter.of('step.skipped').map((e) => [e.id, e.status, e.parent])).toEqual([
      ['fixed.s0', 'already_done', 'fixed'],
      ['fixed.s1', 'already_done', 'fixed'],
      ['fixed', 'already_done', undefined],
      ['broken.s0', 'already_done', 'broken'],
    ]);
    expect(reporter.of('step.would_run').map((e) => [e.id, e.parent])).toEqual([['broken.s1', 'broken']]);
  });

  it('a failing precondition is exit 3, and --check takes no lock', async () => {
    const home = tempDir();
    const result = await runPlan(plan([step('a', 'true')], { preconditions: [probe('false')] }), { home, checkOnly: true });
    expect(result.exitCode).toBe(3);
    expect(existsSync(join(home, 'locks'))).toBe(false);
  });
});
