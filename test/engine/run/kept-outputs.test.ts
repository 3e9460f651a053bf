// A run keeps in memory only the step outputs a template of the same playbook reads (the journal keeps them all).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanStep } from '../../../src/engine/plan.js';
import { holdForTemplates } from '../../../src/engine/run/kept-outputs.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import type { Frame } from '../../../src/engine/run/state.js';
import { deferred, plan, probe, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

const printed = (text: string) => ({ stdout: text, stderr: '', exit_code: 0 });
const include = (id: string, nested: CompiledPlan): PlanStep => ({ ...step(id, 'true'), action: { kind: 'playbook', path: 'child.yaml', plan: nested } });
const frameOf = (p: CompiledPlan): Frame => ({ plan: p, prefix: '', outputs: {}, completed: [] });

describe('step outputs held for templates', () => {
  it('holds the outputs a later step, a rollback, a finally step or a postcondition reads, and no others', () => {
    const child = plan([step('x', 'echo x'), step('y', deferred('echo {{steps.x.stdout}}'))], {}, { name: 'child' });
    const parent = plan(
      [
        step('a', 'echo a'),
        step('b', deferred('echo {{steps.a.stdout}}')),
        step('c', 'echo c', { rollback: { ...rollback('true'), action: { kind: 'run', command: deferred('undo {{steps.c.stdout}}') } } }),
        step('unread', 'echo lots'),
        include('inc', child),
      ],
      {
        finally: [step('f', deferred('echo {{steps.fin.exit_code}}'))],
        postconditions: [probe('', { action: { kind: 'run', command: deferred('test {{steps.post.json.ok}}') } })],
      },
    );
    const frame = frameOf(parent);
    for (const id of ['a', 'b', 'c', 'unread', 'inc', 'x', 'fin', 'post']) holdForTemplates(frame, { id }, printed(id));
    expect(Object.keys(frame.outputs).sort()).toEqual(['a', 'c', 'fin', 'post']);
    // An included playbook's frame holds what its own templates read.
    const nested = frameOf(child);
    for (const id of ['x', 'y', 'a']) holdForTemplates(nested, { id }, printed(id));
    expect(Object.keys(nested.outputs)).toEqual(['x']);
  });

  it('a run still renders every output a template reads, and journals the unread ones', async () => {
    const home = tempDir();
    const out = join(tempDir(), 'out');
    const result = await runPlan(
      plan([step('a', 'echo first'), step('unread', 'echo quiet'), step('b', 'true'), step('c', deferred(`printf '%s' {{steps.a.stdout}} > ${out}`))]),
      { home },
    );
    expect(result.status).toBe('ok');
    expect(readFileSync(out, 'utf8')).toBe('first');
    expect(JSON.parse(readFileSync(join(result.journalDir, 'steps', 'unread.outputs.json'), 'utf8')).stdout).toBe('quiet');
  });
});
