// Which reporter `play` gets for each combination of flags, terminals and CI.
import './ink/no-color.js';
import { describe, expect, it } from 'vitest';
import { chooseReporterKind, createReporter, type ReporterOptions } from '../../src/ui/reporter.js';
import { asReadStream, asWriteStream, FakeStdin, FakeStdout } from './ink/streams.js';
import { allSyntheticEvents, syntheticPlan } from './synthetic.js';

function options(over: { stdoutTTY?: boolean; stdinTTY?: boolean; env?: NodeJS.ProcessEnv } & Partial<ReporterOptions>): ReporterOptions {
  const { stdoutTTY = true, stdinTTY = true, env = {}, ...rest } = over;
  return {
    lang: 'en',
    stdout: { isTTY: stdoutTTY, write: () => true } as unknown as NodeJS.WriteStream,
    stderr: { isTTY: stdoutTTY, write: () => true } as unknown as NodeJS.WriteStream,
    stdin: { isTTY: stdinTTY } as unknown as NodeJS.ReadStream,
    env,
    ...rest,
  };
}

describe('reporter selection', () => {
  it('uses the live view only on an interactive terminal outside CI', () => {
    expect(chooseReporterKind(options({}))).toBe('ink');
    expect(chooseReporterKind(options({ stdoutTTY: false }))).toBe('plain');
    expect(chooseReporterKind(options({ stdinTTY: false }))).toBe('plain');
    expect(chooseReporterKind(options({ env: { CI: 'true' } }))).toBe('plain');
    expect(chooseReporterKind(options({ env: { CI: '0' } }))).toBe('ink');
  });

  it('lets flags decide: json beats quiet, quiet beats the view, plain and ink can be forced', () => {
    expect(chooseReporterKind(options({ output: 'json', quiet: true }))).toBe('json');
    expect(chooseReporterKind(options({ quiet: true }))).toBe('quiet');
    expect(chooseReporterKind(options({ output: 'plain' }))).toBe('plain');
    expect(chooseReporterKind(options({ output: 'ink', stdoutTTY: false }))).toBe('ink');
  });

  it('creates working non-interactive reporters', async () => {
    const written: string[] = [];
    const stdout = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const json = await createReporter(options({ output: 'json', stdout }));
    json.onEvent({ runId: 'r', time: 't', type: 'phase.started', phase: 'steps' });
    expect(JSON.parse(written[0]!)).toMatchObject({ type: 'phase.started', phase: 'steps' });
    const plain = await createReporter(options({ stdout, stdoutTTY: false, stdinTTY: false }));
    expect(plain.confirm).toBeUndefined();
  });

  it('loads the live view on demand and it asks gates when stdin is a terminal', async () => {
    const stdout = new FakeStdout(80, 24);
    const reporter = await createReporter({
      lang: 'en',
      output: 'auto',
      stdout: asWriteStream(stdout),
      stderr: asWriteStream(new FakeStdout()),
      stdin: asReadStream(new FakeStdin(true)),
      env: {},
      plan: syntheticPlan(),
    });
    expect(typeof reporter.confirm).toBe('function');
    for (const event of allSyntheticEvents('en')) reporter.onEvent(event);
    await reporter.close?.();
    expect(stdout.all).toContain('Failed, 1 step rolled back');
  });
});
