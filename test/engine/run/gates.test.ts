// Confirmation gates: --yes, a human at a terminal (typed words), and no terminal (stop safely).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfirmRequest } from '../../../src/engine/events.js';
import type { PlanStep } from '../../../src/engine/plan.js';
import { decideResume } from '../../../src/engine/run/resume.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { createInterruptSource } from '../../../src/engine/run/signals.js';
import { typedWordMatches } from '../../../src/steps/confirm.js';
import { collector, plan, rendered, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

const gate = (id: string, typeWord?: string): PlanStep => ({ ...step(id, 'true'), action: { kind: 'confirm', message: { en: 'Delete the volume?', 'zh-CN': '删除数据卷？' }, ...(typeWord ? { typeWord: rendered(typeWord, 'text') } : {}) } });

function setup() {
  const home = tempDir();
  const trail = join(tempDir(), 'trail');
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  const steps = [step('stop', `echo stop >> ${trail}`, { rollback: rollback(`echo start >> ${trail}`) }), gate('sure', 'mlflow'), step('delete', `echo delete >> ${trail}`)];
  return { home, read, steps };
}

describe('confirmation gates', () => {
  it('without a terminal and without --yes, stops before the gated step and rolls back: exit 1', async () => {
    const { home, read, steps } = setup();
    const reporter = collector();
    const result = await runPlan(plan(steps), { home, reporter });
    expect(read()).toEqual(['stop', 'start']);
    expect(result.status).toBe('gate_stopped');
    expect(result.exitCode).toBe(1);
    expect(reporter.of('confirm.answered')).toMatchObject([{ id: 'sure', accepted: false, by: 'no-terminal' }]);
  });

  it('--yes passes the gate', async () => {
    const { home, read, steps } = setup();
    const result = await runPlan(plan(steps), { home, yes: true });
    expect(read()).toEqual(['stop', 'delete']);
    expect(result.status).toBe('ok');
  });

  it('asks the reporter at a terminal, with the word to type', async () => {
    const { home, read, steps } = setup();
    const asked: ConfirmRequest[] = [];
    const reporter = { ...collector(), confirm: async (request: ConfirmRequest) => (asked.push(request), true) };
    const result = await runPlan(plan(steps, {}, { risk: 'high' }), { home, reporter, interactive: true, lang: 'zh-CN' });
    expect(asked).toEqual([{ stepId: 'sure', message: '删除数据卷？', typeWord: 'mlflow', risk: 'high' }]);
    expect(read()).toEqual(['stop', 'delete']);
    expect(result.status).toBe('ok');
  });

  it('a declined gate stops the run and rolls back', async () => {
    const { home, read, steps } = setup();
    const reporter = { ...collector(), confirm: async () => false };
    const result = await runPlan(plan(steps), { home, reporter, interactive: true });
    expect(read()).toEqual(['stop', 'start']);
    expect(result.status).toBe('gate_stopped');
  });

  it('a reporter that can ask is not asked when there is no terminal', async () => {
    const { home, steps } = setup();
    let asked = false;
    const reporter = { onEvent() {}, confirm: async () => (asked = true) };
    const result = await runPlan(plan(steps), { home, reporter, interactive: false });
    expect(asked).toBe(false);
    expect(result.status).toBe('gate_stopped');
  });

  it('Ctrl-C at the prompt stops waiting and counts as an interrupt', async () => {
    const { home, read, steps } = setup();
    const source = createInterruptSource();
    const reporter = { ...collector(), confirm: () => new Promise<boolean>(() => {}) };
    const running = runPlan(plan(steps), { home, reporter, interactive: true, interrupts: source });
    while (reporter.of('confirm.requested').length === 0) await new Promise((r) => setTimeout(r, 5));
    source.interrupt('SIGINT');
    const result = await running;
    expect(result.status).toBe('interrupted');
    expect(result.exitCode).toBe(130);
    expect(read()).toEqual(['stop', 'start']);
  });

  describe('resume after a gate that was not passed', () => {
    // No rollback before the gate: the journal says `ok` for `prepare`, and resume must still start AT the gate.
    function gated() {
      const { home, read } = setup();
      const sentinel = join(tempDir(), 'deleted');
      const steps = [step('prepare', 'true'), gate('sure'), step('delete', `touch ${sentinel}`)];
      return { home, read, sentinel, build: () => plan(steps) };
    }

    it.each([
      ['declined by the user', { reporter: { onEvent() {}, confirm: async () => false }, interactive: true }],
      ['not askable (no terminal, no --yes)', {}],
    ])('%s: resume starts at the gate and asks again', async (_what, first) => {
      const { home, sentinel, build } = gated();
      const stopped = await runPlan(build(), { home, ...first });
      expect(stopped.status).toBe('gate_stopped');
      const decision = decideResume(home, stopped.runId, build());
      expect(decision).toMatchObject({ kind: 'resume', startAt: 'sure' });
      if (decision.kind !== 'resume') return;

      // Without a terminal and --yes: stops at the gate again, exit 1, the gated step did not run.
      const reporter = collector();
      const again = await runPlan(build(), { home, resume: decision.state, reporter });
      expect(again).toMatchObject({ status: 'gate_stopped', exitCode: 1 });
      expect(reporter.of('confirm.answered')).toMatchObject([{ id: 'sure', accepted: false, by: 'no-terminal' }]);
      expect(existsSync(sentinel)).toBe(false);

      // A human is asked again; declining still does not run it.
      const asked: ConfirmRequest[] = [];
      const declined = await runPlan(build(), { home, resume: decideResumeState(home, again.runId, build), reporter: { onEvent() {}, confirm: async (r: ConfirmRequest) => (asked.push(r), false) }, interactive: true });
      expect(asked).toMatchObject([{ stepId: 'sure' }]);
      expect(declined.status).toBe('gate_stopped');
      expect(existsSync(sentinel)).toBe(false);

      // With --yes it proceeds.
      const passed = await runPlan(build(), { home, resume: decideResumeState(home, declined.runId, build), yes: true });
      expect(passed.status).toBe('ok');
      expect(existsSync(sentinel)).toBe(true);
    });

    it('a gate not passed finishes failed with the reason (never "done")', async () => {
      const { home, build } = gated();
      const reporter = collector();
      await runPlan(build(), { home, reporter });
      expect(reporter.of('step.skipped')).toEqual([]);
      expect(reporter.of('step.finished').find((e) => e.id === 'sure')).toMatchObject({ status: 'failed', gateStopped: true, reason: expect.stringContaining('no terminal') });
    });
  });

  it.each([
    ['rollback', ['stop', 'start']],
    ['stop', ['stop']],
  ] as const)('Ctrl-C at the prompt (the reporter answers "interrupted") is an interrupt: on_interrupt %s, exit 130', async (onInterrupt, trail) => {
    const { home, read, steps } = setup();
    const reporter = { ...collector(), confirm: async () => 'interrupted' as const };
    const result = await runPlan(plan(steps, {}, { onInterrupt }), { home, reporter, interactive: true });
    expect(result.status).toBe('interrupted');
    expect(result.exitCode).toBe(130);
    expect(read()).toEqual(trail);
    const journal = readFileSync(join(result.journalDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(journal.filter((e) => e.type === 'interrupt.received')).toMatchObject([{ signal: 'SIGINT', action: onInterrupt }]);
    expect(journal.find((e) => e.type === 'confirm.answered')).toMatchObject({ id: 'sure', accepted: false, interrupted: true });
    expect(JSON.stringify(journal)).not.toContain('declined by the user');
    // Not a decline: resume starts at the gate and asks again.
    expect(decideResume(home, result.runId, plan(steps, {}, { onInterrupt }))).toMatchObject({ kind: 'resume', startAt: onInterrupt === 'rollback' ? 'stop' : 'sure' });
  });

  it('typed words must match exactly', () => {
    expect(typedWordMatches('mlflow\n', 'mlflow')).toBe(true);
    expect(typedWordMatches('MLflow', 'mlflow')).toBe(false);
    expect(typedWordMatches(' mlflow', 'mlflow')).toBe(false);
    expect(typedWordMatches('y', 'mlflow')).toBe(false);
  });
});

function decideResumeState(home: string, runId: string, build: () => ReturnType<typeof plan>) {
  const decision = decideResume(home, runId, build());
  if (decision.kind !== 'resume') throw new Error(`expected a resume decision, got ${decision.kind}`);
  expect(decision.startAt).toBe('sure');
  return decision.state;
}
