// Which hosts' rollbacks `resume --rollback` continues, decided from a run's journal (untrusted input): forged events
// added to a real journal stand for what a rollout wrote.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideHostRollbacks } from '../../../src/engine/run/resume-rollback-hosts.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { engineText } from '../../../src/i18n/engine.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { plan, rollback, step } from './plan-builder.js';

const onTargets = plan([step('prepare', 'true'), { ...step('config', 'true', { rollback: rollback('true') }), on: 'targets' }, { ...step('restart', 'true'), on: 'targets' }]);

/** A finished local run, then `events` appended to its journal as if its rollout had written them. */
async function journalWith(events: Record<string, unknown>[]): Promise<{ home: string; runId: string }> {
  const home = tempDir();
  const run = await runPlan(plan([step('prepare', 'false')]), { home });
  const time = new Date().toISOString();
  appendFileSync(join(run.journalDir, 'events.jsonl'), events.map((e) => JSON.stringify({ runId: run.runId, time, ...e }) + '\n').join(''));
  return { home, runId: run.runId };
}

const started = (host: string, id: string) => ({ type: 'step.started', phase: 'steps', id, name: id, index: 2, total: 3, kind: 'run', host });
const ok = (host: string, id: string) => ({ type: 'step.finished', phase: 'steps', id, status: 'ok', durationMs: 1, host });
const finished = (host: string, status: string) => ({ type: 'host.finished', host, status, batch: 1 });

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
});
