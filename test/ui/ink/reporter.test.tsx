// The Ink reporter as the engine drives it: throttled renders, gates answered by typing, resize, no raw mode without a TTY.
import './no-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createInkReporter, type InkReporter } from '../../../src/ui/ink/reporter.js';
import { stringWidth } from '../../../src/ui/width.js';
import { allSyntheticEvents, syntheticPlan, syntheticStages, RUN_ID } from '../synthetic.js';
import { asReadStream, asWriteStream, FakeStdin, FakeStdout, waitFor } from './streams.js';

const open: InkReporter[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function setup(opts: { stdinTTY?: boolean; columns?: number; onInterruptKey?: () => void } = {}) {
  const stdout = new FakeStdout(opts.columns ?? 100, 30);
  const stdin = new FakeStdin(opts.stdinTTY ?? true);
  const reporter = createInkReporter({
    lang: 'en',
    stdout: asWriteStream(stdout),
    stderr: asWriteStream(new FakeStdout()),
    stdin: asReadStream(stdin),
    plan: syntheticPlan(),
    now: () => Date.parse('2026-11-28T01:00:01.000Z'),
    debug: true,
    onInterruptKey: opts.onInterruptKey ?? (() => {}),
  });
  open.push(reporter);
  return { stdout, stdin, reporter };
}

const gate = { stepId: 'approve', message: 'Change the owner of /var/lib/mlflow?', risk: 'high' as const };

describe('Ink reporter', () => {
  it('passes a high-risk gate only when the named word is typed, in raw mode only while asking', async () => {
    const { stdout, stdin, reporter } = setup();
    for (const event of syntheticStages('en').start) reporter.onEvent(event);
    const answer = reporter.confirm!({ ...gate, typeWord: 'chown' });
    await waitFor(stdout, () => stdout.last.includes('Type "chown" to continue'));
    expect(stdin.rawMode).toBe(true);
    stdin.type('cho');
    stdin.type('wn');
    await waitFor(stdout, () => stdout.last.includes('› chown'));
    stdin.type('\r');
    await expect(answer).resolves.toBe(true);
    await waitFor(stdout, () => !stdout.last.includes('Type "chown"'));
    expect(stdin.rawMode).toBe(false);
  });

  it('asks a high-risk gate again after a wrong word, naming the expected one; an empty line or Esc declines; a y/N gate passes only on y', async () => {
    const { stdout, stdin, reporter } = setup();
    const wrong = reporter.confirm!({ ...gate, typeWord: 'chown' });
    await waitFor(stdout, () => stdout.last.includes('Type "chown"'));
    stdin.type('yes\r');
    await waitFor(stdout, () => stdout.last.includes('"yes" is not "chown".'));
    // Still asking, with a fresh line; an empty line declines.
    expect(stdout.last).toContain('Type "chown" to continue');
    stdin.type('\r');
    await expect(wrong).resolves.toBe(false);

    const escaped = reporter.confirm!({ ...gate, typeWord: 'chown' });
    await waitFor(stdout, () => stdout.last.includes('Type "chown"'));
    stdin.type('cho');
    await waitFor(stdout, () => stdout.last.includes('› cho'));
    stdin.type('\u001b');
    await expect(escaped).resolves.toBe(false);

    const empty = reporter.confirm!(gate);
    await waitFor(stdout, () => stdout.last.includes('[y/N]'));
    stdin.type('\r');
    await expect(empty).resolves.toBe(false);

    const yes = reporter.confirm!(gate);
    await waitFor(stdout, () => stdout.last.includes('[y/N]'));
    stdin.type('y');
    stdin.type('\r');
    await expect(yes).resolves.toBe(true);
  });

  it('applies keys that arrive in one burst as if typed one by one (a laggy SSH session)', async () => {
    const { stdout, stdin, reporter } = setup();
    const answer = reporter.confirm!({ ...gate, typeWord: 'FLUSHALL' });
    await waitFor(stdout, () => stdout.last.includes('Type "FLUSHALL"'));
    // One read: the word, two stray letters, two backspaces (DEL, as terminals send them).
    stdin.type('FLUSHALLXX\u007f\u007f');
    await waitFor(stdout, () => stdout.last.includes('› FLUSHALL'));
    expect(stdout.last).not.toContain('FLUSHALLX');
    stdin.type('\r');
    await expect(answer).resolves.toBe(true);

    // Cursor keys and Ctrl-U edit in the middle of the line; Enter in the same burst answers.
    const edited = reporter.confirm!({ ...gate, typeWord: 'chown' });
    await waitFor(stdout, () => stdout.last.includes('Type "chown"'));
    stdin.type('junk\u0015cown');
    stdin.type('\u001b[D');
    stdin.type('\u001b[D');
    stdin.type('\u001b[D');
    stdin.type('h\r');
    await expect(edited).resolves.toBe(true);
  });

  it('turns Ctrl-C during a prompt (raw mode swallows the signal) into an interrupted answer', async () => {
    let interrupted = 0;
    const { stdout, stdin, reporter } = setup({ onInterruptKey: () => interrupted++ });
    const answer = reporter.confirm!(gate);
    await waitFor(stdout, () => stdout.last.includes('[y/N]'));
    stdin.type('\u0003');
    await expect(answer).resolves.toBe('interrupted');
    expect(interrupted).toBe(1);
  });

  it('without a TTY stdin offers no prompt and never touches raw mode', async () => {
    const { stdout, stdin, reporter } = setup({ stdinTTY: false });
    expect(reporter.confirm).toBeUndefined();
    for (const event of allSyntheticEvents('en')) reporter.onEvent(event);
    await reporter.close();
    expect(stdin.rawModeCalls).toEqual([]);
    expect(stdout.all).toContain('Failed, 1 step rolled back');
  });

  it('coalesces a burst of output events into a few renders', async () => {
    const { stdout, reporter } = setup();
    for (const event of [...syntheticStages('en').start, ...syntheticStages('en').running]) reporter.onEvent(event);
    await waitFor(stdout, () => stdout.last.includes('1/4 Stop MLflow'));
    const before = stdout.writes.length;
    for (let i = 0; i < 10_000; i++) {
      reporter.onEvent({ runId: RUN_ID, time: '2026-11-28T01:00:00.500Z', type: 'step.output', id: 'stop', stream: 'stdout', text: `line ${i}\n` });
    }
    await waitFor(stdout, () => stdout.last.includes('│ line 9999'));
    expect(stdout.writes.length - before).toBeLessThanOrEqual(3);
  });

  it('re-lays out the live region when the terminal is resized', async () => {
    const { stdout, reporter } = setup({ columns: 100 });
    for (const event of [...syntheticStages('en').start, ...syntheticStages('en').running]) reporter.onEvent(event);
    reporter.onEvent({ runId: RUN_ID, time: '2026-11-28T01:00:00.500Z', type: 'step.output', id: 'stop', stream: 'stdout', text: `${'x'.repeat(90)}\n` });
    await waitFor(stdout, () => stdout.last.includes('x'.repeat(80)));
    stdout.resize(40);
    await waitFor(stdout, () => !stdout.last.includes('x'.repeat(40)));
    const live = stdout.last.split('\n').filter((l) => l.includes('Stop MLflow') || l.includes('│ x'));
    expect(live.length).toBeGreaterThan(0);
    for (const line of live) expect(stringWidth(line)).toBeLessThanOrEqual(40);
  });

  it('leaves the summary with the next commands on screen after close', async () => {
    const { stdout, reporter } = setup();
    for (const event of allSyntheticEvents('en')) reporter.onEvent(event);
    await reporter.close();
    expect(stdout.all).toContain(`runbook logs ${RUN_ID} --step chown`);
  });
});
