// Which hosts' rollbacks `resume --rollback` continues, decided from a run's journal (untrusted input): forged events
// added to a real journal stand for what a rollout wrote.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideHostRollbacks } from '../../../src/engine/run/resume-rollback-hosts.js';
import { JournalReadError } from '../../../src/engine/run/journal.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { engineText } from '../../../src/i18n/engine.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { plan, rollback, step } from './plan-builder.js';

const onTargets = plan([step('prepare', 'true'), { ...step('config', 'true', { rollback: rollback('true') }), on: 'targets' }, { ...step('restart', 'true'), on: 'targets' }]);

/** A finished local run, then `events` appended to its journal as if its rollout had written them. */
async function journalWith(events: Record<string, unknown>[], meta: Record<string, unknown> = {}): Promise<{ home: string; runId: string; journalDir: string }> {
  const home = tempDir();
  const run = await runPlan(plan([step('prepare', 'false')]), { home });
  const time = new Date().toISOString();
  appendFileSync(join(run.journalDir, 'events.jsonl'), events.map((e) => JSON.stringify({ runId: run.runId, time, ...e }) + '\n').join(''));
  const metaPath = join(run.journalDir, 'meta.json');
  writeFileSync(metaPath, JSON.stringify({ ...(JSON.parse(readFileSync(metaPath, 'utf8')) as object), ...meta }));
  return { home, runId: run.runId, journalDir: run.journalDir };
}

const started = (host: string, id: string) => ({ type: 'step.started', phase: 'steps', id, name: id, index: 2, total: 3, kind: 'run', host });
const ok = (host: string, id: string) => ({ type: 'step.finished', phase: 'steps', id, status: 'ok', durationMs: 1, host });
const finished = (host: string, status: string) => ({ type: 'host.finished', host, status, batch: 1 });
const failed = (host: string, id: string, extra: Record<string, unknown> = {}) => ({ type: 'step.finished', phase: 'steps', id, status: 'failed', durationMs: 1, host, ...extra });
const expanded = (host: string, id: string, iterations: string[]) => ({ type: 'step.expanded', phase: 'steps', id, iterations, host });

/** `ls` lists items on each host; `touch` loops over them (expanded per host at run time), each iteration undone. */
const looped = plan([
  { ...step('ls', 'true'), on: 'targets' },
  { ...step('touch', 'true', { rollback: rollback('true') }), on: 'targets', forEach: { step: 'touch', over: 'steps.ls.json', maxItems: 1000 } },
]);
/** The same loop over a list known when compiled: its iterations are the plan's steps. */
const listed = plan(['a', 'b'].map((label, index) => ({ ...step(`touch[${label}]`, 'true', { rollback: rollback('true') }), on: 'targets' as const, forEach: { step: 'touch', label, index, maxItems: 1000 } })));

describe('decideHostRollbacks', () => {
  it('continues a failed or unfinished host rollback; leaves finished hosts; ignores names a rollout never writes', async () => {
    const { home, runId } = await journalWith([
      // Finished and kept its steps.
      started('h1', 'config'), ok('h1', 'config'), started('h1', 'restart'), ok('h1', 'restart'), finished('h1', 'ok'),
      // Its rollback failed.
      started('h2', 'config'), ok('h2', 'config'), started('h2', 'restart'),
      { type: 'step.finished', phase: 'steps', id: 'restart', status: 'failed', durationMs: 1, host: 'h2' },
      { type: 'rollback.started', id: 'config', name: 'config', host: 'h2' },
      { type: 'rollback.finished', id: 'config', ok: false, reason: 'exit 1', host: 'h2' },
      finished('h2', 'rollback_failed'),
      // Finished, then rolled back (on_max_fail: rollback) when the engine died: its rollback never ended.
      started('h4', 'config'), ok('h4', 'config'), started('h4', 'restart'), ok('h4', 'restart'), finished('h4', 'ok'),
      { type: 'rollback.started', id: 'config', name: 'config', host: 'h4' },
      // Every step ended, no outcome (the engine died): finished.
      started('h5', 'config'), ok('h5', 'config'), started('h5', 'restart'), ok('h5', 'restart'),
      // Died during `restart`: `config` is rolled back, `restart` named.
      started('h6', 'config'), ok('h6', 'config'), started('h6', 'restart'),
      // Names no rollout writes: a host name that is a path, a step the plan does not have.
      started('a/../b', 'config'), ok('a/../b', 'config'), finished('a/../b', 'failed'),
      ok('h7', 'nope'), finished('h7', 'failed'),
    ]);
    const left = decideHostRollbacks(home, runId, onTargets, engineText('en'));
    expect(left.map((h) => [h.host, h.steps, h.unknown])).toEqual([
      ['h2', ['config'], []],
      ['h4', ['config'], []],
      ['h6', ['config'], ['restart']],
    ]);
  });

  it('a host whose step failed is not finished, though every step ended: the engine died before its rollback and outcome', async () => {
    const { home, runId } = await journalWith([
      started('h2', 'config'), ok('h2', 'config'), started('h2', 'restart'), failed('h2', 'restart'),
      // `continue_on_error`: the host went on and finished.
      started('h3', 'config'), ok('h3', 'config'), started('h3', 'restart'), failed('h3', 'restart', { continued: true }),
    ]);
    const left = decideHostRollbacks(home, runId, onTargets, engineText('en'));
    expect(left.map((h) => [h.host, h.steps, h.unknown])).toEqual([['h2', ['config'], []]]);
  });

  it('a loop over a step output ended on a host only when every iteration it expanded to ended', async () => {
    const { home, runId } = await journalWith([
      // Killed between the iterations of its last loop: `touch[a]` is undone.
      started('h1', 'ls'), ok('h1', 'ls'), expanded('h1', 'touch', ['touch[a]', 'touch[b]']), started('h1', 'touch[a]'), ok('h1', 'touch[a]'),
      // Every iteration ended: finished, kept.
      started('h2', 'ls'), ok('h2', 'ls'), expanded('h2', 'touch', ['touch[a]']), started('h2', 'touch[a]'), ok('h2', 'touch[a]'),
      // An empty list: the loop ended with nothing to run.
      started('h3', 'ls'), ok('h3', 'ls'), expanded('h3', 'touch', []),
    ]);
    const left = decideHostRollbacks(home, runId, looped, engineText('en'));
    expect(left.map((h) => [h.host, h.steps])).toEqual([['h1', ['touch[a]']]]);
  });

  it('a loop over a list known when compiled ended on a host when each of its iterations did', async () => {
    const { home, runId } = await journalWith([
      started('h1', 'touch[a]'), ok('h1', 'touch[a]'),
      started('h2', 'touch[a]'), ok('h2', 'touch[a]'), started('h2', 'touch[b]'), ok('h2', 'touch[b]'),
    ]);
    const left = decideHostRollbacks(home, runId, listed, engineText('en'));
    expect(left.map((h) => [h.host, h.steps])).toEqual([['h1', ['touch[a]']]]);
  });

  it('refuses (a damaged journal, naming the file and the host) a host the run never had, though the inventory may have it', async () => {
    const forged = [started('db-prod-9', 'config'), ok('db-prod-9', 'config'), finished('db-prod-9', 'failed')];
    const { home, runId, journalDir } = await journalWith(forged, { hosts: 'web', targetAddresses: { web1: '10.0.0.1:22' } });
    const decide = () => decideHostRollbacks(home, runId, onTargets, engineText('en'));
    expect(decide).toThrow(JournalReadError);
    expect(decide).toThrow(join(journalDir, 'events.jsonl'));
    expect(decide).toThrow('host `db-prod-9`, which was not one of the run\'s hosts');
    expect(() => decideHostRollbacks(home, runId, onTargets, engineText('zh-CN'))).toThrow('主机 `db-prod-9` 不是该运行的主机');
  });

  it('a host of the run carries its address; in a journal without addresses, the pattern that must select it', async () => {
    const events = [started('web1', 'config'), ok('web1', 'config'), finished('web1', 'failed')];
    const withAddresses = await journalWith(events, { hosts: 'web', targetAddresses: { web1: '10.0.0.1:22' } });
    expect(decideHostRollbacks(withAddresses.home, withAddresses.runId, onTargets, engineText('en'))).toMatchObject([{ host: 'web1', address: '10.0.0.1:22' }]);
    const older = await journalWith(events, { hosts: 'web' });
    const [left] = decideHostRollbacks(older.home, older.runId, onTargets, engineText('en'));
    expect(left).toMatchObject({ host: 'web1', selectedBy: 'web', journal: join(older.journalDir, 'events.jsonl') });
    expect(left).not.toHaveProperty('address');
  });
});
