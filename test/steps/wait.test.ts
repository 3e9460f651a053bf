// The wait step: polls a probe until it passes, or fails with the last reason at its timeout.
import { describe, expect, it } from 'vitest';
import { runWait } from '../../src/steps/wait.js';
import { rendered } from '../helpers/plan-builder.js';
import { testContext } from './context.js';
import { serve } from './server.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('wait', () => {
  it('polls until the service is ready', async () => {
    let calls = 0;
    const { url } = await serve((_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 503 : 200;
      res.end();
    });
    const result = await runWait({ kind: 'wait', probe: { kind: 'http', request: { method: 'GET', url: rendered(url, 'url'), headers: [], bodyIsJson: false, json: [], timeoutMs: 1_000 } }, intervalMs: 20, timeoutMs: 2_000 }, testContext());
    expect(result.ok).toBe(true);
    expect(calls).toBe(3);
  });

  it('gives up at its timeout with the last reason', async () => {
    const started = Date.now();
    const result = await runWait({ kind: 'wait', probe: { kind: 'run', command: rendered('echo not ready >&2; false') }, intervalMs: 30, timeoutMs: 200 }, testContext());
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^not ready after 200ms \(\d+ polls\): exit code 1$/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('keeps the last reason when the poll after it only ran out of the wait\'s time', async () => {
    const dir = tempDir('runbook-wait-');
    // The first poll fails at once; every later one hangs until the wait's deadline cuts it off.
    const command = `if [ -e ${dir}/polled ]; then sleep 5; fi; touch ${dir}/polled; echo not ready >&2; false`;
    const result = await runWait({ kind: 'wait', probe: { kind: 'run', command: rendered(command) }, intervalMs: 150, timeoutMs: 200 }, testContext());
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^not ready after 200ms \(\d+ polls?\): exit code 1$/);
  });

  it('reports each poll and the time left, with why the last one did not pass', async () => {
    const polls: { poll: number; remainingMs: number; reason?: string }[] = [];
    const result = await runWait(
      { kind: 'wait', probe: { kind: 'run', command: rendered('echo warming up >&2; false') }, intervalMs: 20, timeoutMs: 2_000 },
      testContext({ timeoutMs: 150, progress: (p) => polls.push(p) }),
    );
    expect(result.ok).toBe(false);
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.map((p) => p.poll)).toEqual(polls.map((_, i) => i + 1));
    expect(polls[0]!.reason).toBeUndefined();
    expect(polls[1]!.reason).toBe('exit code 1');
    for (const p of polls) expect(p.remainingMs).toBeLessThanOrEqual(150);
    expect(polls.at(-1)!.remainingMs).toBeLessThan(polls[0]!.remainingMs);
  });
});
