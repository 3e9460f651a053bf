// `playbook` steps: an included plan runs as a sub-run; its steps roll back with the parent's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanStep } from '../../../src/engine/plan.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, plan, probe, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

const include = (id: string, nested: CompiledPlan): PlanStep => ({ ...step(id, 'true'), action: { kind: 'playbook', path: 'child.yaml', plan: nested } });

function setup() {
  const home = tempDir();
  const trail = join(tempDir(), 'trail');
  const mark = (w: string) => `echo ${w} >> ${trail}`;
  const read = () => (existsSync(trail) ? readFileSync(trail, 'utf8').trim().split('\n') : []);
  return { home, mark, read };
}

describe('include', () => {
  it('runs the included steps with prefixed ids, and rolls them back when a later parent step fails', async () => {
    const { home, mark, read } = setup();
    const child = plan([step('x', mark('x'), { rollback: rollback(mark('undo-x')) }), step('y', mark('y'), { rollback: rollback(mark('undo-y')) })], {}, { name: 'child' });
    const reporter = collector();
    const result = await runPlan(plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), include('inc', child), step('b', 'false')]), { home, reporter });
    expect(read()).toEqual(['a', 'x', 'y', 'undo-y', 'undo-x', 'undo-a']);
    expect(result.status).toBe('failed');
    expect(reporter.of('step.started').map((e) => [e.id, e.parent])).toEqual([
      ['a', undefined],
      ['inc', undefined],
      ['inc.x', 'inc'],
      ['inc.y', 'inc'],
      ['b', undefined],
    ]);
  });

  it('a failure inside the included playbook rolls back its steps, then the parent fails and rolls back', async () => {
    const { home, mark, read } = setup();
    const child = plan([step('x', mark('x'), { rollback: rollback(mark('undo-x')) }), step('y', 'exit 9')], { preconditions: [probe('true')] }, { name: 'child' });
    const result = await runPlan(plan([step('a', mark('a'), { rollback: rollback(mark('undo-a')) }), include('inc', child), step('b', mark('b'))]), { home });
    expect(read()).toEqual(['a', 'x', 'undo-x', 'undo-a']);
    expect(result.failedStep).toBe('inc');
    expect(result.reason).toContain('inc.y: exit code 9');
  });

  it('a failed rollback inside an include makes the run rollback_failed', async () => {
    const { home, mark } = setup();
    const child = plan([step('x', mark('x'), { rollback: rollback('false') }), step('y', 'false')], {}, { name: 'child' });
    const result = await runPlan(plan([include('inc', child)]), { home });
    expect(result.status).toBe('rollback_failed');
    expect(result.exitCode).toBe(4);
  });
});
