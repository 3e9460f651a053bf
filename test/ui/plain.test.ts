// Golden output of the plain/CI renderer and of quiet mode for the synthetic run, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createPlainReporter } from '../../src/ui/plain.js';
import { isAccepted } from '../../src/ui/gate.js';
import type { Lang } from '../../src/engine/text.js';
import { allSyntheticEvents, syntheticPlan } from './synthetic.js';
import { golden } from '../helpers/golden.js';

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function run(lang: Lang, quiet: boolean) {
  const out = collect();
  const err = collect();
  const reporter = createPlainReporter({ lang, stdout: out.stream, stderr: err.stream, plan: syntheticPlan(), quiet, env: {} });
  for (const event of allSyntheticEvents(lang)) reporter.onEvent(event);
  return { stdout: out.text(), stderr: err.text(), reporter };
}

describe('plain reporter', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`prints one readable line per change, no escape sequences (${lang})`, async () => {
      const { stdout, stderr } = run(lang, false);
      await expect(stdout).toMatchFileSnapshot(golden(`ui/plain-${lang}.txt`));
      expect(stderr).toBe('');
      // No cursor movement, colours or carriage returns: safe for CI logs.
      expect(stdout).not.toContain('\u001b');
      expect(stdout).not.toContain('\r');
    });
  }

  it('prints every output line of the child, sanitised and prefixed', () => {
    const { stdout } = run('en', false);
    expect(stdout).toContain('    │ Stopping mlflow ... done\n');
    expect(stdout).toContain('    │ progress 100%\n');
  });

  it('in quiet mode prints errors on stderr and only the summary on stdout', async () => {
    const { stdout, stderr } = run('en', true);
    await expect(stdout).toMatchFileSnapshot(golden('ui/quiet-en.stdout.txt'));
    await expect(stderr).toMatchFileSnapshot(golden('ui/quiet-en.stderr.txt'));
    expect(stdout).not.toContain('Stopping mlflow');
    expect(stderr).toContain('Fix owner of the volume');
  });

  it('never prints a secret parameter value', () => {
    expect(run('en', false).stdout).not.toContain('s3cr3t');
  });

  it('offers no prompt without a terminal on stdin', () => {
    expect(run('en', false).reporter.confirm).toBeUndefined();
  });

  it('accepts y/yes/是 for a plain gate and exactly the word for a high-risk one', () => {
    expect(isAccepted('y', {})).toBe(true);
    expect(isAccepted(' YES ', {})).toBe(true);
    expect(isAccepted('是', {})).toBe(true);
    expect(isAccepted('', {})).toBe(false);
    expect(isAccepted('no', {})).toBe(false);
    expect(isAccepted('chown', { typeWord: 'chown' })).toBe(true);
    expect(isAccepted('y', { typeWord: 'chown' })).toBe(false);
    expect(isAccepted('CHOWN', { typeWord: 'chown' })).toBe(false);
    // The word to type is matched as the engine documents it: exactly, only a trailing newline forgiven.
    expect(isAccepted('chown\n', { typeWord: 'chown' })).toBe(true);
    expect(isAccepted(' chown', { typeWord: 'chown' })).toBe(false);
    expect(isAccepted('chown ', { typeWord: 'chown' })).toBe(false);
  });

  it('keeps a line split across output chunks whole', () => {
    const out = collect();
    const reporter = createPlainReporter({ lang: 'en', stdout: out.stream, stderr: collect().stream });
    const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
    reporter.onEvent({ ...base, type: 'step.started', phase: 'steps', id: 's', name: 's', index: 1, total: 1, kind: 'run' });
    reporter.onEvent({ ...base, type: 'step.output', id: 's', stream: 'stdout', text: 'hel' });
    reporter.onEvent({ ...base, type: 'step.output', id: 's', stream: 'stdout', text: 'lo\nwor' });
    reporter.onEvent({ ...base, type: 'step.finished', phase: 'steps', id: 's', status: 'ok', durationMs: 10 });
    expect(out.text()).toContain('    │ hello\n    │ wor\n');
  });
});

describe('a reader that goes away', () => {
  it('does not crash the run: plain and NDJSON reporters stop writing after a stream error', async () => {
    const { createJsonReporter } = await import('../../src/ui/json.js');
    for (const make of [
      (s: NodeJS.WritableStream) => createPlainReporter({ lang: 'en', stdout: s, stderr: collect().stream }),
      (s: NodeJS.WritableStream) => createJsonReporter({ stdout: s }),
    ]) {
      const stream = new PassThrough();
      let writes = 0;
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string) => {
        writes++;
        return original(chunk);
      }) as typeof stream.write;
      const reporter = make(stream);
      stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      for (const event of allSyntheticEvents('en')) reporter.onEvent(event);
      expect(writes).toBe(0);
    }
  });
});

describe('included playbooks', () => {
  it('indents the steps of an included playbook under the including step', () => {
    const out = collect();
    const reporter = createPlainReporter({ lang: 'en', stdout: out.stream, stderr: collect().stream });
    const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
    reporter.onEvent({ ...base, type: 'step.started', phase: 'steps', id: 'inc', name: 'include', index: 1, total: 1, kind: 'playbook' });
    reporter.onEvent({ ...base, type: 'step.started', phase: 'steps', id: 'inc.a', name: 'a', index: 1, total: 2, kind: 'run', parent: 'inc' });
    reporter.onEvent({ ...base, type: 'step.finished', phase: 'steps', id: 'inc.a', status: 'ok', durationMs: 5, parent: 'inc' });
    expect(out.text()).toContain('  ▸   [1/2] inc.a (a)\n  ✓   [1/2] inc.a (a)  ok · 0.0s\n');
  });
});

describe('--check', () => {
  it('lists the steps that would run and counts them in the summary', () => {
    const out = collect();
    const reporter = createPlainReporter({ lang: 'en', stdout: out.stream, stderr: collect().stream });
    const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
    reporter.onEvent({ ...base, type: 'step.would_run', id: 'chown', name: 'Fix owner', reason: 'check did not pass: exit code 1' });
    reporter.onEvent({ ...base, type: 'step.skipped', phase: 'steps', id: 'stop', status: 'already_done', reason: 'check passed: already done' });
    const counts = { ok: 0, already_done: 1, skipped: 0, failed: 0, rolled_back: 0, rollback_failed: 0 };
    reporter.onEvent({ ...base, type: 'run.finished', status: 'ok', exitCode: 0, durationMs: 10, counts, journalDir: 'j' });
    expect(out.text()).toContain('  ▷ chown (Fix owner)  would run · check did not pass: exit code 1\n');
    expect(out.text()).toContain('  0 ok · 1 already done · 1 would run (--check)\n');
  });
});

describe('heartbeat', () => {
  it('says a silent step is still running, so a CI log shows it is alive', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const out = collect();
      const reporter = createPlainReporter({ lang: 'en', stdout: out.stream, stderr: collect().stream, heartbeatMs: 60_000 });
      const base = { runId: 'r', time: '2026-11-28T01:00:00.000Z' } as const;
      reporter.onEvent({ ...base, type: 'step.started', phase: 'steps', id: 'wait', name: 'wait', index: 1, total: 1, kind: 'run' });
      vi.advanceTimersByTime(30_000);
      reporter.onEvent({ ...base, type: 'step.output', id: 'wait', stream: 'stdout', text: 'tick\n' });
      vi.advanceTimersByTime(60_000);
      expect(out.text()).not.toContain('still running');
      vi.advanceTimersByTime(60_000);
      expect(out.text()).toContain('  … [1/1] wait  still running (2m00s)\n');
      reporter.onEvent({ ...base, type: 'step.finished', phase: 'steps', id: 'wait', status: 'ok', durationMs: 150_000 });
      // Between steps (a gate waiting for its answer, say) nothing claims to be running.
      vi.advanceTimersByTime(180_000);
      expect(out.text().match(/still running/g)).toHaveLength(1);
      await reporter.close?.();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
