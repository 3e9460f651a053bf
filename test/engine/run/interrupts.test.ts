// Interrupts: the running step's whole process group is stopped, then rollback (or stop); a second one stops at once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../../src/engine/run/runner.js';
import { createInterruptSource } from '../../../src/engine/run/signals.js';
import { collector, plan, rollback, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { alive, waitFor as waitUntil } from '../../helpers/process.js';

/** The runs here are in-process (no CLI to start): what is not reached in 5 s is a failure. */
const waitFor = (predicate: () => boolean): Promise<void> => waitUntil(predicate, 5_000);

/** A step that starts two grandchildren (one ignoring SIGTERM), records their pids, then waits. */
const spawner = (pids: string) => `sleep 300 & echo $! >> ${pids}; (trap '' TERM; sleep 300) & echo $! >> ${pids}; echo $$ >> ${pids}; wait`;

describe('interrupts', () => {
  it('SIGINT stops the step and every grandchild, rolls back the completed steps, exit 130', async () => {
    const home = tempDir();
    const work = tempDir();
    const pids = join(work, 'pids');
    const trail = join(work, 'trail');
    const source = createInterruptSource();
    const reporter = collector();
    const running = runPlan(plan([step('a', `echo a >> ${trail}`, { rollback: rollback(`echo undo-a >> ${trail}`) }), step('b', spawner(pids)), step('c', `echo c >> ${trail}`)]), {
      home,
      reporter,
      interrupts: source,
      killGraceMs: 300,
    });
    await waitFor(() => existsSync(pids) && readFileSync(pids, 'utf8').trim().split('\n').length === 3);
    const started = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    expect(started.every(alive)).toBe(true);
    source.interrupt('SIGINT');
    const result = await running;
    expect(result.status).toBe('interrupted');
    expect(result.exitCode).toBe(130);
    expect(started.filter(alive)).toEqual([]);
    expect(readFileSync(trail, 'utf8').trim().split('\n')).toEqual(['a', 'undo-a']);
    expect(reporter.of('interrupt.received')).toMatchObject([{ signal: 'SIGINT', action: 'rollback' }]);
  });

  it('on_interrupt: stop leaves completed steps as they are; SIGTERM exits 143', async () => {
    const home = tempDir();
    const work = tempDir();
    const trail = join(work, 'trail');
    const source = createInterruptSource();
    const running = runPlan(
      plan([step('a', `echo a >> ${trail}`, { rollback: rollback(`echo undo-a >> ${trail}`) }), step('b', `echo b >> ${trail}; sleep 300`)], {}, { onInterrupt: 'stop' }),
      { home, interrupts: source, killGraceMs: 300 },
    );
    await waitFor(() => existsSync(trail) && readFileSync(trail, 'utf8').includes('b'));
    source.interrupt('SIGTERM');
    const result = await running;
    expect(result.exitCode).toBe(143);
    expect(readFileSync(trail, 'utf8').trim().split('\n')).toEqual(['a', 'b']);
  });

  it('a second interrupt stops a slow rollback at once', async () => {
    const home = tempDir();
    const work = tempDir();
    const marker = join(work, 'rolling');
    const source = createInterruptSource();
    const reporter = collector();
    const running = runPlan(plan([step('a', 'true', { rollback: rollback(`touch ${marker}; sleep 300`) }), step('b', 'sleep 300')]), {
      home,
      reporter,
      interrupts: source,
      killGraceMs: 5_000,
    });
    await waitFor(() => reporter.of('step.started').length === 2);
    source.interrupt('SIGINT');
    await waitFor(() => existsSync(marker));
    const t0 = Date.now();
    source.interrupt('SIGINT');
    const result = await running;
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(result.status).toBe('rollback_failed');
    expect(reporter.of('interrupt.received').map((e) => e.action)).toEqual(['rollback', 'force']);
  });

  it('runs finally steps after an interrupt', async () => {
    const home = tempDir();
    const work = tempDir();
    const trail = join(work, 'trail');
    const source = createInterruptSource();
    const reporter = collector();
    const running = runPlan(plan([step('a', 'sleep 300')], { finally: [step('cleanup', `echo cleanup >> ${trail}`)] }), { home, reporter, interrupts: source, killGraceMs: 200 });
    await waitFor(() => reporter.of('step.started').length === 1);
    source.interrupt('SIGINT');
    const result = await running;
    expect(result.status).toBe('interrupted');
    expect(readFileSync(trail, 'utf8').trim()).toBe('cleanup');
  });

  it('an AbortSignal acts as SIGTERM', async () => {
    const home = tempDir();
    const controller = new AbortController();
    const reporter = collector();
    const running = runPlan(plan([step('a', 'sleep 300')]), { home, reporter, signal: controller.signal, killGraceMs: 200 });
    await waitFor(() => reporter.of('step.started').length === 1);
    controller.abort();
    expect((await running).exitCode).toBe(143);
  });
});
