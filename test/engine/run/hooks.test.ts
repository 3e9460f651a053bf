// Hooks (on_success, on_failure, on_rollback_failed): which one runs, what `{{run.*}}` reads, and that a failing hook never changes the exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../src/engine/compile.js';
import { InvalidPlaybookError } from '../../../src/engine/errors.js';
import { loadPlaybookText } from '../../../src/engine/load.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { createInterruptSource, type InterruptSource } from '../../../src/engine/run/signals.js';
import { waitFor } from '../../helpers/process.js';

/** A playbook whose hooks append `<hook> <values>` to a trail file (values reach the shell through the environment). */
function playbook(steps: string, extra = ''): string {
  return `name: hooked
params:
  trail: { type: string }
  token: { type: string, secret: true, default: s3cr3t-value }
steps:
${steps}
finally:
  - id: tidy
    run: echo finally {{run.status}} {{run.failed_step}} >> {{trail}}
on_success:
  - id: tell_ok
    run: echo on_success {{run.status}} {{run.id}} {{run.playbook}} {{run.operator}} >> {{trail}}
on_failure:
  - id: tell_failure
    run: echo on_failure {{run.status}} {{run.failed_step}} {{run.error}} >> {{trail}}
${extra}`;
}

async function run(yaml: string, options: { interrupts?: InterruptSource; trail?: string } = {}) {
  const home = tempDir();
  const trail = options.trail ?? join(tempDir('runbook-work-'), 'trail');
  const plan = await compilePlaybook(loadPlaybookText('hooked.yaml', yaml), { params: { trail }, env: {} });
  const reporter = collector();
  const result = await runPlan(plan, { home, reporter, ...(options.interrupts ? { interrupts: options.interrupts } : {}) });
  const lines = () => readFileSync(trail, 'utf8').trim().split('\n').map((line) => line.trimEnd());
  return { result, reporter, lines, plan };
}

describe('hooks', () => {
  it('runs on_success after finally when the run succeeds, with the run in its templates', async () => {
    const { result, lines, reporter } = await run(playbook('  - { id: a, run: "true" }'));
    expect(result.exitCode).toBe(0);
    expect(result.hook).toBe('on_success');
    const [fin, ok] = lines();
    expect(fin).toBe('finally ok');
    expect(ok).toMatch(new RegExp(`^on_success ok ${result.runId} hooked \\S+$`));
    expect(reporter.of('phase.started').map((e) => e.phase).slice(-2)).toEqual(['finally', 'hooks']);
    // The hooks run before the run's last word, which counts only the run's own steps.
    expect(reporter.events.at(-1)?.type).toBe('run.finished');
    expect(reporter.of('run.finished')[0]!.counts.ok).toBe(2);
    expect(reporter.of('step.finished').filter((e) => e.phase === 'hooks').map((e) => e.id)).toEqual(['tell_ok']);
  });

  it('runs on_failure with the failed step and the error, its secret masked', async () => {
    const { result, lines } = await run(playbook('  - { id: a, run: "true" }\n  - { id: boom, run: "echo {{token}} >&2; exit 3" }'));
    expect(result.status).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(result.hook).toBe('on_failure');
    const all = lines();
    expect(all[0]).toBe('finally failed boom');
    expect(all[1]).toMatch(/^on_failure failed boom boom: .*exit code 3/);
    expect(all.join('\n')).not.toContain('s3cr3t-value');
  });

  it('runs on_rollback_failed when a rollback failed, and on_failure when there is none', async () => {
    const steps = '  - { id: a, run: "true", rollback: "exit 1" }\n  - { id: b, run: "exit 1" }';
    const extra = `on_rollback_failed:\n  - id: page\n    run: echo on_rollback_failed {{run.status}} >> {{trail}}\n`;
    const withHook = await run(playbook(steps, extra));
    expect(withHook.result.status).toBe('rollback_failed');
    expect(withHook.lines()).toEqual(['finally rollback_failed b', 'on_rollback_failed rollback_failed']);
    const without = await run(playbook(steps));
    expect(without.result.exitCode).toBe(4);
    expect(without.lines()[1]).toMatch(/^on_failure rollback_failed b /);
  });

  it('a failing hook is reported and leaves the exit code as the run made it', async () => {
    const yaml = playbook('  - { id: a, run: "true" }').replace('run: echo on_success', 'run: exit 9; echo on_success');
    const { result, reporter } = await run(yaml);
    expect(result.status).toBe('ok');
    expect(result.exitCode).toBe(0);
    expect(result.hooksFailed).toEqual(['tell_ok']);
    const finished = reporter.of('run.finished')[0]!;
    expect(finished.hooksFailed).toEqual(['tell_ok']);
    expect(finished.hook).toBe('on_success');
    expect(finished.counts.failed).toBe(0);
    expect(reporter.of('phase.finished').find((e) => e.phase === 'hooks')?.ok).toBe(false);
  });

  it('an interrupted run calls on_failure with status interrupted; a second interrupt runs no hook', async () => {
    for (const times of [1, 2]) {
      const interrupts = createInterruptSource();
      const trail = join(tempDir('runbook-work-'), 'trail');
      const running = run(playbook('  - { id: slow, run: "echo started >> {{trail}}; sleep 30" }'), { interrupts, trail });
      // The shell creates the file before echo writes to it: wait for the line, not the file.
      await waitFor(() => existsSync(trail) && readFileSync(trail, 'utf8').includes('started\n'), 5_000);
      for (let i = 0; i < times; i++) interrupts.interrupt('SIGINT');
      const { result, lines } = await running;
      expect(result.status).toBe('interrupted');
      expect(result.exitCode).toBe(130);
      if (times === 1) expect(lines().slice(1)).toEqual(['finally interrupted slow', expect.stringMatching(/^on_failure interrupted slow slow: /)]);
      else expect(lines()).toEqual(['started']);
    }
  });
});

describe('hooks at compile time', () => {
  const compileErrors = async (yaml: string) => {
    try {
      await compilePlaybook(loadPlaybookText('hooked.yaml', yaml), { env: {} });
    } catch (error) {
      if (error instanceof InvalidPlaybookError) return error.diagnostics.map((d) => `${d.code} ${d.location?.line}: ${d.message}`);
      throw error;
    }
    return [];
  };

  it('{{run.*}} is an error outside finally and the hooks, and an unknown field is named', async () => {
    expect(await compileErrors('name: x\nsteps:\n  - { id: a, run: "echo {{run.status}}" }\n')).toEqual([expect.stringMatching(/^template\.run-only 3: `run\.status` is only readable in `finally`/)]);
    expect(await compileErrors('name: x\nsteps:\n  - { id: a, run: "true" }\non_failure:\n  - { id: b, run: "echo {{run.stauts}}" }\n')).toEqual([expect.stringMatching(/^template\.unknown-name 5: `run\.stauts` is not a field/)]);
  });

  it('hook step ids are unique with the steps, and a hook cannot include a playbook', async () => {
    expect(await compileErrors('name: x\nsteps:\n  - { id: a, run: "true" }\non_failure:\n  - { id: a, run: "true" }\n')).toEqual([expect.stringMatching(/^step\.duplicate-id 5:/)]);
    expect(await compileErrors('name: x\nsteps:\n  - { id: a, run: "true" }\non_success:\n  - { id: b, playbook: { path: other.yaml } }\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^hook\.include 5:/)]));
  });

  it('the plan holds the hooks, their run.* shown as placeholders', async () => {
    const plan = await compilePlaybook(loadPlaybookText('hooked.yaml', playbook('  - { id: a, run: "true" }')), { params: { trail: '/t' }, env: {} });
    expect(plan.hooks?.on_failure?.[0]?.action).toMatchObject({ kind: 'run' });
    expect(JSON.stringify(plan.hooks)).toContain('⟨run.failed_step⟩');
  });
});
