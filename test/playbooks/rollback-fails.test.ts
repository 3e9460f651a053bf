// Every shipped playbook when its rollback itself fails: the rollback stops there (exit 4), the steps left are listed, and the backups are still on disk.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import type { CompiledPlan } from '../../src/engine/plan.js';
import { compilePlaybook } from '../../src/engine/compile.js';
import { loadPlaybookFile } from '../../src/engine/load.js';
import { explain, play, repoRoot, withSandbox } from './harness.js';
import { goldenParams } from './cases.js';
import { rollbackFailures, withoutRollbacks } from './rollback-cases.js';
import { sh } from '../sandbox/helpers.js';

const shipped = readdirSync(join(repoRoot, 'runbooks'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

/** Ids of the steps with a rollback, included playbooks' steps too. */
function stepsWithRollback(plan: CompiledPlan): string[] {
  return plan.steps.flatMap((s) => [...(s.rollback ? [s.id] : []), ...(s.action.kind === 'playbook' ? stepsWithRollback(s.action.plan) : [])]);
}

function ranRollbacks(events: RunEvent[]): { id: string; ok: boolean }[] {
  return events.flatMap((e) => (e.type === 'rollback.finished' && !e.skipped ? [{ id: e.id, ok: e.ok }] : []));
}

it('every shipped playbook has a rollback-failure case, or has no rollback at all', async () => {
  expect([...rollbackFailures.map((c) => c.name), ...withoutRollbacks].sort()).toEqual(shipped);
  for (const name of withoutRollbacks) {
    const plan = await compilePlaybook(await loadPlaybookFile(join(repoRoot, 'runbooks', `${name}.yaml`)), { params: goldenParams[name] ?? {}, env: {} });
    expect(stepsWithRollback(plan), name).toEqual([]);
  }
});

describe.each(rollbackFailures)('$name', (c) => {
  it(`stops at the failed rollback of ${c.failedRollback} (exit 4) and leaves the backups on disk`, async () => {
    await withSandbox(c.fault, async (sb) => {
      const run = await play(sb, c.name, c.params);
      expect(run.result.status, explain(run)).toBe('rollback_failed');
      expect(run.result.exitCode).toBe(4);
      expect(run.result.failedStep).toBe(c.failedStep);
      // The rollbacks before the failed one pass; none runs after it.
      expect(ranRollbacks(run.events)).toEqual([...c.rolledBack.map((id) => ({ id, ok: true })), { id: c.failedRollback, ok: false }]);
      const finished = run.events.find((e) => e.type === 'run.finished');
      expect((finished?.type === 'run.finished' ? (finished.unrolled ?? []) : []).map((u) => u.id)).toEqual(c.unrolled);
      c.left(sb);
    });
  });
});

it('redis-flush never overwrites an earlier snapshot: it is kept under its date', async () => {
  await withSandbox(undefined, async (sb) => {
    const volume = sb.vars.redis_volume_dir!;
    expect((await play(sb, 'redis-flush')).result.status).toBe('ok');
    const first = readFileSync(join(volume, 'runbook-before-flush.rdb'), 'utf8');
    await sh(sb, 'docker compose exec -T redis redis-cli SET exp:slot:homepage C');
    const second = await play(sb, 'redis-flush');
    expect(second.result.status, explain(second)).toBe('ok');
    const dated = readdirSync(volume).filter((f) => /^runbook-before-flush\.rdb\.\d{8}T\d{6}Z$/.test(f));
    expect(dated).toHaveLength(1);
    expect(readFileSync(join(volume, dated[0]!), 'utf8')).toBe(first);
    expect(JSON.parse(readFileSync(join(volume, 'runbook-before-flush.rdb'), 'utf8'))).toEqual({ 'exp:slot:homepage': 'C' });
  });
});
