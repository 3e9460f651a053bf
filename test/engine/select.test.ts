// Step selection through the engine API: applySelection marks what a run leaves out; runPlan skips it; --step answers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidPlaybookError, UserError } from '../../src/engine/errors.js';
import type { StepChoice } from '../../src/engine/events.js';
import { decideResume } from '../../src/engine/run/resume.js';
import { runPlan } from '../../src/engine/run/runner.js';
import { applySelection, matchesName, selectionId } from '../../src/engine/select.js';
import { tempDir } from '../helpers/temp-dir.js';
import { collector, deferred, plan, probe, rollback, step } from './run/plan-builder.js';

function setup() {
  const home = tempDir();
  const work = tempDir();
  const trail = join(work, 'trail');
  const mark = (w: string) => `echo ${w} >> ${trail}`;
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  return { home, work, trail, mark, read };
}

describe('selection matching', () => {
  it('matches the id before a loop expands it: `restart` selects `restart[mlflow]`', () => {
    expect(selectionId('restart[mlflow]')).toBe('restart');
    expect(selectionId('restart')).toBe('restart');
    expect(matchesName({ id: 'restart[api]' }, { kind: 'id', name: 'restart' })).toBe(true);
    expect(matchesName({ id: 'restarts' }, { kind: 'id', name: 'restart' })).toBe(false);
    expect(matchesName({ id: 'x', tags: ['slow'] }, { kind: 'tag', name: 'slow' })).toBe(true);
  });

  it('selects or leaves out every iteration of a loop by the step id, and knows a read of it', () => {
    const p = plan([step('restart[api]', 'true'), step('restart[mlflow]', 'true'), step('check', deferred('echo {{steps.restart.stdout}}'))]);
    const only = applySelection(p, { only: ['restart'], skip: [] });
    expect(only.steps.map((s) => s.deselected?.by)).toEqual([undefined, undefined, 'only']);
    expect(applySelection(p, { from: 'restart', only: [], skip: [] }).steps.map((s) => s.deselected)).toEqual([undefined, undefined, undefined]);
    expect(() => applySelection(p, { only: [], skip: ['restart'] })).toThrow(
      expect.objectContaining({ diagnostics: [expect.objectContaining({ message: expect.stringContaining('step `check` reads the outputs of step `restart`') })] }),
    );
  });

  it('leaves a plan without a selection as it is (same object, no selection key)', () => {
    const p = plan([step('a', 'true')]);
    expect(applySelection(p, undefined)).toBe(p);
    expect(applySelection(p, { only: [], skip: [] })).toBe(p);
  });

  it('a step id wins over a tag of the same name; `tag:` reaches the tag', () => {
    const p = plan([step('deploy', 'true'), step('restart', 'true', { tags: ['deploy'] })]);
    expect(applySelection(p, { only: ['deploy'], skip: [] }).steps.map((s) => s.deselected?.by)).toEqual([undefined, 'only']);
    expect(applySelection(p, { only: ['tag:deploy'], skip: [] }).steps.map((s) => s.deselected?.by)).toEqual(['only', undefined]);
  });

  it('throws a user error (exit 2) for an unknown name and a read of a step left out', () => {
    const p = plan([step('a', 'echo 1'), step('b', deferred('echo {{steps.a.stdout}}'))]);
    expect(() => applySelection(p, { only: ['c'], skip: [] })).toThrow(UserError);
    const error = (() => {
      try {
        applySelection(p, { only: ['b'], skip: [] });
      } catch (e) {
        return e as InvalidPlaybookError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidPlaybookError);
    expect(error!.exitCode).toBe(2);
    expect(error!.diagnostics[0]!.message).toBe('step `b` reads the outputs of step `a`, which this run leaves out (not selected by --only b)');
  });
});

describe('runPlan with a selection', () => {
  it('never runs a step left out nor its rollback, journals it as skipped, and finally still runs', async () => {
    const { home, mark, read } = setup();
    const p = plan(
      [step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', mark('b'), { rollback: rollback(mark('undo-b')) }), step('c', `${mark('c')}; exit 1`)],
      { preconditions: [probe(mark('pre'))], finally: [step('tidy', mark('tidy'))] },
    );
    const reporter = collector();
    const result = await runPlan(applySelection(p, { only: ['b', 'c'], skip: [] }), { home, reporter });
    expect(result.status).toBe('failed');
    expect(read()).toEqual(['pre', 'b', 'c', 'undo-b', 'tidy']);
    expect(reporter.of('step.skipped')).toMatchObject([{ id: 'a', status: 'skipped', reason: 'not selected by --only b,c', deselected: true }]);
    expect(reporter.of('run.finished')[0]!.counts).toMatchObject({ ok: 1, skipped: 1, failed: 1, rolled_back: 1 });
  });

  it('resume with the same selection skips the steps left out again; with another, runs them', async () => {
    const { home, work, mark, read } = setup();
    const flag = join(work, 'flag');
    const p = plan([step('a', mark('a')), step('b', mark('b')), step('c', `test -e ${flag} && ${mark('c')}`)]);
    const first = await runPlan(applySelection(p, { skip: ['b'], only: [] }), { home });
    expect(first.status).toBe('failed');
    expect(read()).toEqual(['a']);
    const kept = decideResume(home, first.runId, applySelection(p, { skip: ['b'], only: [] }));
    expect(kept).toMatchObject({ kind: 'resume', startAt: 'c' });
    const other = decideResume(home, first.runId, p);
    expect(other).toMatchObject({ kind: 'resume', startAt: 'b' });
  });

  it('--step: run, skip and continue are journaled; quit stops before the step as a declined gate does (rollback, exit 1)', async () => {
    const { home, mark, read } = setup();
    const p = plan([
      step('a', mark('a'), { rollback: rollback(mark('undo-a')) }),
      step('b', mark('b')),
      step('c', mark('c')),
      step('d', mark('d')),
    ]);
    const answers: StepChoice[] = ['run', 'skip', 'quit'];
    const asked: string[] = [];
    const reporter = Object.assign(collector(), {
      chooseStep: (request: { stepId: string; command?: string }) => {
        asked.push(`${request.stepId}: ${request.command}`);
        return Promise.resolve(answers.shift()!);
      },
    });
    const result = await runPlan(p, { home, reporter, stepThrough: true, interactive: true });
    expect(asked).toEqual([`a: ${mark('a')}`, `b: ${mark('b')}`, `c: ${mark('c')}`]);
    expect(result.status).toBe('gate_stopped');
    expect(result.exitCode).toBe(1);
    expect(result.reason).toBe('stopped by the operator before step c (--step)');
    expect(read()).toEqual(['a', 'undo-a']);
    expect(reporter.of('step.answered').map((e) => [e.id, e.answer])).toEqual([
      ['a', 'run'],
      ['b', 'skip'],
      ['c', 'quit'],
    ]);
    const journal = readFileSync(join(result.journalDir, 'events.jsonl'), 'utf8');
    expect(journal.match(/"type":"step\.answered"/g)).toHaveLength(3);
    // Resume starts at the step the operator stopped before.
    expect(decideResume(home, result.runId, p)).toMatchObject({ kind: 'resume', startAt: 'a' });
  });

  it('--step: continue runs the rest without asking', async () => {
    const { home, mark, read } = setup();
    const asked: string[] = [];
    const reporter = Object.assign(collector(), {
      chooseStep: (request: { stepId: string }) => {
        asked.push(request.stepId);
        return Promise.resolve<StepChoice>('continue');
      },
    });
    const result = await runPlan(plan([step('a', mark('a')), step('b', mark('b'))]), { home, reporter, stepThrough: true });
    expect(result.status).toBe('ok');
    expect(asked).toEqual(['a']);
    expect(read()).toEqual(['a', 'b']);
  });
});

describe('--step with no one to ask', () => {
  it('runs nothing and records no answer nobody gave', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(plan([step('a', mark('a'))]), { home, reporter, stepThrough: true });
    expect(result.status).toBe('gate_stopped');
    expect(read()).toEqual([]);
    expect(reporter.of('step.answered')).toEqual([]);
  });
});
