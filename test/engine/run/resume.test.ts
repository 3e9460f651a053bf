// resume: continue at the first step not completed; a step started but never finished is unknown.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideResume } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { createInterruptSource } from '../../../src/engine/run/signals.js';
import { collector, deferred, plan, probe, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

function setup() {
  const home = tempDir();
  const work = tempDir();
  const trail = join(work, 'trail');
  const flag = join(work, 'fixed');
  const mark = (w: string) => `echo ${w} >> ${trail}`;
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  return { home, work, trail, flag, mark, read };
}

describe('resume', () => {
  it('continues at the failed step, with the earlier outputs available to templates', async () => {
    const { home, flag, mark, read, trail } = setup();
    // No rollbacks: the failed run leaves `a` done; the fix is made; resume runs b and c only.
    const build = () => plan([step('a', 'echo 42'), step('b', `test -e ${flag} && ${mark('b')}`), step('c', deferred(`echo c-{{steps.a.stdout}} >> ${trail}`))]);
    const first = await runPlan(build(), { home });
    expect(first.status).toBe('failed');
    appendFileSync(flag, '');
    const decision = decideResume(home, first.runId, build());
    expect(decision).toMatchObject({ kind: 'resume', startAt: 'b' });
    if (decision.kind !== 'resume') return;
    const reporter = collector();
    const second = await runPlan(build(), { home, resume: decision.state, reporter });
    expect(second.status).toBe('ok');
    expect(read()).toEqual(['b', 'c-42']);
    expect(reporter.of('step.skipped')).toMatchObject([{ id: 'a', fromRun: first.runId, previous: 'ok' }]);
    expect(reporter.of('run.started')[0]!.resumedFrom).toBe(first.runId);
  });

  it('a cleanly rolled-back run starts again from its first rolled-back step', async () => {
    const { home, mark, read } = setup();
    const build = () => plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', 'exit 1')]);
    const first = await runPlan(build(), { home });
    expect(read()).toEqual(['a', 'undo-a']);
    expect(decideResume(home, first.runId, build())).toMatchObject({ kind: 'resume', startAt: 'a' });
  });

  it('a resumed run rolls back the steps completed in the earlier run too', async () => {
    const { home, mark, read } = setup();
    const source = createInterruptSource();
    const reporter = collector();
    const build = (b: string) => plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), step('b', b)], {}, { onInterrupt: 'stop' });
    const running = runPlan(build('sleep 300'), { home, interrupts: source, reporter, killGraceMs: 200 });
    while (reporter.of('step.started').length < 2) await new Promise((r) => setTimeout(r, 10));
    source.interrupt('SIGINT');
    const first = await running;
    expect(first.status).toBe('interrupted');
    const decision = decideResume(home, first.runId, build('exit 1'));
    expect(decision).toMatchObject({ kind: 'resume', startAt: 'b' });
    if (decision.kind !== 'resume') return;
    const second = await runPlan(build('exit 1'), { home, resume: decision.state });
    expect(second.status).toBe('failed');
    expect(read()).toEqual(['a', 'undo-a']);
  });

  it('a step that started but never finished is unknown: refused without a check probe, re-run with one or with --from', async () => {
    const { home } = setup();
    const first = await runPlan(plan([step('a', 'true'), step('b', 'true')]), { home });
    // Make the journal look like the engine died during b: drop b's finish and the run's end.
    const events = join(first.journalDir, 'events.jsonl');
    const kept = readFileSync(events, 'utf8')
      .split('\n')
      .filter((l) => l && !(l.includes('"step.finished"') && l.includes('"id":"b"')) && !l.includes('"run.finished"') && !l.includes('"phase.finished"'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(events, kept.join('\n') + '\n');
    writeFileSync(join(first.journalDir, 'meta.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(first.journalDir, 'meta.json'), 'utf8')), status: 'running' }));

    expect(decideResume(home, first.runId, plan([step('a', 'true'), step('b', 'true')]))).toEqual({ kind: 'unknown', step: 'b' });
    expect(decideResume(home, first.runId, plan([step('a', 'true'), step('b', 'true', { check: probe('true') })]))).toMatchObject({ kind: 'resume', startAt: 'b' });
    expect(decideResume(home, first.runId, plan([step('a', 'true'), step('b', 'true')]), 'b')).toMatchObject({ kind: 'resume', startAt: 'b' });
    expect(decideResume(home, first.runId, plan([step('a', 'true'), step('b', 'true')]), 'zzz')).toEqual({ kind: 'bad-from', step: 'zzz' });
  });

  it('a run that finished ok has nothing to resume', async () => {
    const { home } = setup();
    const first = await runPlan(plan([step('a', 'true')]), { home });
    expect(decideResume(home, first.runId, plan([step('a', 'true')]))).toEqual({ kind: 'nothing', reason: 'finished-ok' });
  });
});
