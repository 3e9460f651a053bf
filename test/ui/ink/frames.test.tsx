// How many frames the live view draws: each costs React and Ink work (the first ones, cold, 5–10 ms each), so a
// frame that would show what the screen already shows is not drawn (issue 13). Debug mode writes every render.
import './no-color.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInkReporter } from '../../../src/ui/ink/reporter.js';
import { allSyntheticEvents, syntheticPlan, syntheticStages } from '../synthetic.js';
import { asReadStream, asWriteStream, FakeStdin, FakeStdout } from './streams.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function setup(maxFps = 10) {
  const stdout = new FakeStdout(100, 30);
  const reporter = createInkReporter({
    lang: 'en',
    stdout: asWriteStream(stdout),
    stderr: asWriteStream(new FakeStdout()),
    stdin: asReadStream(new FakeStdin(false)),
    plan: syntheticPlan(),
    now: () => Date.parse('2026-11-28T01:00:01.000Z'),
    maxFps,
    debug: true,
  });
  return { stdout, reporter };
}

describe('Ink reporter frames', () => {
  it('schedules the next frame a frame period after the first one, not at once', async () => {
    // One frame a second: the first frame is drawn as the view starts, the next is due a second later.
    const { stdout, reporter } = setup(1);
    const timeouts = vi.spyOn(globalThis, 'setTimeout');
    for (const event of syntheticStages('en').start) reporter.onEvent(event);
    const delays = timeouts.mock.calls.map((call) => Number(call[1] ?? 0));
    expect(delays.length).toBeGreaterThan(0);
    expect(Math.min(...delays)).toBeGreaterThan(500);
    await reporter.close();
    expect(stdout.all).toContain('Stop MLflow');
  });

  it('draws the end of a run once: closing after run.finished draws no second, identical frame', async () => {
    const { stdout, reporter } = setup();
    for (const event of allSyntheticEvents('en')) reporter.onEvent(event);
    const afterFinished = stdout.writes.length;
    expect(stdout.last).toContain('Failed, 1 step rolled back');
    await reporter.close();
    // Only what Ink writes as it unmounts: the same last frame.
    expect(stdout.writes.slice(afterFinished).filter((w) => w.includes('Failed, 1 step rolled back')).length).toBeLessThanOrEqual(1);
  });

  it('still draws a last frame at close when something happened since the last one', async () => {
    // One frame a second: the events below have no frame of their own before close.
    const { stdout, reporter } = setup(1);
    for (const event of syntheticStages('en').start) reporter.onEvent(event);
    expect(stdout.all).not.toContain('Stop MLflow');
    await reporter.close();
    expect(stdout.all).toContain('Stop MLflow');
  });
});
