// A failed rollback stops the rollback (issue 12): nothing more is undone, the rest is listed, and `resume --rollback` continues.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanRollback, PlanStep } from '../../../src/engine/plan.js';
import { readEvents, readMeta } from '../../../src/engine/run/journal.js';
import { decideResume, decideRollback } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, deferred, plan, probe, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A rollback whose command reads step outputs (rendered just before it runs). */
const readsOutputs = (source: string): PlanRollback => ({ ...rollback('true'), action: { kind: 'run', command: deferred(source) } });

const include = (id: string, nested: CompiledPlan, extra: Partial<PlanStep> = {}): PlanStep => ({ ...step(id, 'true'), ...extra, action: { kind: 'playbook', path: 'child.yaml', plan: nested } });

function setup() {
  const home = tempDir();
  const work = tempDir('runbook-work-');
  const trail = join(work, 'trail');
  const mark = (word: string) => `echo ${word} >> ${trail}`;
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  /** A rollback that fails while `work/broken` exists (a human "fixes the cause" by removing it). */
  const fragile = (word: string) => `test ! -e ${work}/broken || { echo still broken >&2; exit 1; }; ${mark(word)}`;
  const breakIt = () => writeFileSync(join(work, 'broken'), '');
  return { home, work, trail, mark, read, fragile, breakIt };
}

describe('a failed rollback stops the rollback', () => {
  it('a failing rollback verify stops it too', async () => {
    const { home, mark, read } = setup();
    const reporter = collector();
    const result = await runPlan(
      plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', mark('b'), { rollback: rollback(mark('undo-b'), { verify: probe('false') }) }), step('c', 'false')]),
      { home, reporter },
    );
    expect(read()).toEqual(['a', 'b', 'undo-b']);
    expect(result.exitCode).toBe(4);
    expect(result.unrolled?.map((u) => u.id)).toEqual(['a']);
    expect(reporter.of('rollback.started').map((e) => e.id)).toEqual(['b']);
  });

  it('a rollback failing inside an included playbook stops the parent\'s rollback as well', async () => {
    const { home, mark, read } = setup();
    const child = plan([step('x', mark('x'), { rollback: rollback(mark('undo-x')) }), step('y', mark('y'), { rollback: rollback('exit 1') }), step('z', 'false')], {}, { name: 'child' });
    const reporter = collector();
    const result = await runPlan(plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), include('inc', child)]), { home, reporter });
    expect(read()).toEqual(['a', 'x', 'y']);
    expect(result.status).toBe('rollback_failed');
    expect(result.exitCode).toBe(4);
    expect(result.unrolled?.map((u) => [u.id, u.command])).toEqual([
      ['inc.x', mark('undo-x')],
      ['a', mark('undo-a')],
    ]);
    const finished = reporter.of('run.finished')[0]!;
    expect(finished.unrolled?.map((u) => u.id)).toEqual(['inc.x', 'a']);
    expect(finished.reason).toMatch(/rollback failed for inc\.y.*not rolled back: inc\.x, a/);
  });

  it('after a later step fails, an included step whose rollback fails stops the include\'s and earlier rollbacks', async () => {
    const { home, mark, read } = setup();
    const child = plan([step('x', mark('x'), { rollback: rollback(mark('undo-x')) }), step('y', mark('y'), { rollback: rollback('exit 1') })], {}, { name: 'child' });
    const result = await runPlan(
      plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), include('inc', child, { rollback: rollback(mark('undo-inc')) }), step('b', 'false')]),
      { home },
    );
    expect(read()).toEqual(['a', 'x', 'y']);
    expect(result.unrolled?.map((u) => u.id)).toEqual(['inc.x', 'inc', 'a']);
  });

  it('journals the rendered rollback commands, with step outputs filled in and secrets masked', async () => {
    const { home, read } = setup();
    const secretPlan = plan(
      [
        step('one', 'echo /srv/snap-1', { rollback: readsOutputs('restore {{steps.one.stdout}}') }),
        step('two', 'true', { rollback: rollback('exit 1') }),
        step('three', 'false'),
      ],
    );
    const result = await runPlan(secretPlan, { home, secrets: ['snap-1'] });
    expect(read()).toEqual([]);
    const events = readEvents(result.journalDir);
    const finished = events.find((e) => e.type === 'run.finished');
    expect(finished).toMatchObject({ status: 'rollback_failed', exitCode: 4, unrolled: [{ id: 'one', name: 'one' }] });
    const command = (finished as { unrolled: { command: string }[] }).unrolled[0]!.command;
    expect(command).toMatch(/^restore .*\/srv\/••••••/);
    expect(command).not.toContain('snap-1');
    const skipped = events.filter((e) => e.type === 'rollback.finished' && e.skipped);
    expect(skipped.map((e) => (e as { id: string }).id)).toEqual(['one']);
  });

  it('a plain resume counts the steps left un-rolled-back as done, and stops at the one whose rollback failed', async () => {
    const { home, mark, read, fragile, breakIt } = setup();
    breakIt();
    const p = plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', mark('b'), { rollback: rollback(fragile('undo-b')) }), step('c', 'false')]);
    const first = await runPlan(p, { home });
    expect(first.exitCode).toBe(4);
    const decision = decideResume(home, first.runId, p);
    // `a` was not undone: it is still done. `b`'s rollback failed: its state is unknown (no check probe).
    expect(decision).toEqual({ kind: 'unknown', step: 'b' });
    expect(read()).toEqual(['a', 'b']);
  });
});

describe('resume --rollback', () => {
  it('continues from the failed rollback once the cause is fixed; a clean end is `failed` (exit 1), linked to the old run', async () => {
    const { home, mark, read, fragile, breakIt, work } = setup();
    breakIt();
    const p = plan([
      step('a', mark('a'), { rollback: rollback(mark('undo-a')) }),
      step('b', mark('b')),
      step('c', mark('c'), { rollback: rollback(fragile('undo-c')) }),
      step('d', 'false', { rollback: rollback(mark('undo-d')) }),
    ]);
    const first = await runPlan(p, { home });
    expect(first.exitCode).toBe(4);
    expect(read()).toEqual(['a', 'b', 'c']);

    // Not fixed yet: it fails again at the same place, and nothing else is undone.
    const again = decideRollback(home, first.runId, p);
    expect(again).toMatchObject({ kind: 'rollback', state: { steps: ['c', 'a'] } });
    const stillBroken = await runPlan(p, { home, rollbackOnly: again.kind === 'rollback' ? again.state : undefined });
    expect(stillBroken.exitCode).toBe(4);
    expect(stillBroken.unrolled?.map((u) => u.id)).toEqual(['a']);
    expect(read()).toEqual(['a', 'b', 'c']);

    // Fixed: resuming the second run's rollback finishes it.
    rmSync(join(work, 'broken'));
    const decision = decideRollback(home, stillBroken.runId, p);
    expect(decision).toMatchObject({ kind: 'rollback', state: { steps: ['c', 'a'] } });
    const reporter = collector();
    const done = await runPlan(p, { home, reporter, rollbackOnly: decision.kind === 'rollback' ? decision.state : undefined });
    expect(read()).toEqual(['a', 'b', 'c', 'undo-c', 'undo-a']);
    expect(done.status).toBe('failed');
    expect(done.exitCode).toBe(1);
    expect(reporter.of('step.started')).toEqual([]);
    expect(reporter.of('run.started')[0]!.resumedFrom).toBe(stillBroken.runId);
    expect(readMeta(done.journalDir)).toMatchObject({ resumedFrom: stillBroken.runId, mode: 'rollback', rollbackSteps: ['c', 'a'], status: 'failed', exitCode: 1 });
    expect(decideRollback(home, done.runId, p)).toEqual({ kind: 'nothing', reason: 'nothing-left' });
    // A rollback run is not resumed forward (it would run the steps again).
    expect(decideResume(home, done.runId, p)).toEqual({ kind: 'nothing', reason: 'rollback-run' });
  });

  it('rolls back included steps before their include step, with the outputs they read', async () => {
    const { home, mark, read, fragile, breakIt, work } = setup();
    breakIt();
    const child = plan([step('x', 'echo from-x', { rollback: readsOutputs(`echo undo-{{steps.x.stdout}} >> ${join(work, 'trail')}`) })], {}, { name: 'child' });
    const p = plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), include('inc', child, { rollback: rollback(mark('undo-inc')) }), step('c', mark('c'), { rollback: rollback(fragile('undo-c')) }), step('d', 'false')]);
    const first = await runPlan(p, { home });
    expect(first.unrolled?.map((u) => u.id)).toEqual(['inc.x', 'inc', 'a']);
    rmSync(join(work, 'broken'));
    const decision = decideRollback(home, first.runId, p);
    expect(decision).toMatchObject({ kind: 'rollback', state: { steps: ['c', 'inc.x', 'inc', 'a'] } });
    const second = await runPlan(p, { home, rollbackOnly: decision.kind === 'rollback' ? decision.state : undefined });
    expect(second.exitCode).toBe(1);
    expect(read()).toEqual(['a', 'c', 'undo-c', 'undo-from-x', 'undo-inc', 'undo-a']);
  });

  it('a successful run has no rollback to continue; a run that failed and rolled back has none left', async () => {
    const { home, mark } = setup();
    const ok = plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) })]);
    const done = await runPlan(ok, { home });
    expect(decideRollback(home, done.runId, ok)).toEqual({ kind: 'nothing', reason: 'finished-ok' });
    const failing = plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', 'false')]);
    const failed = await runPlan(failing, { home });
    expect(decideRollback(home, failed.runId, failing)).toEqual({ kind: 'nothing', reason: 'nothing-left' });
  });
});
