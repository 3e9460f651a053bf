// The journal: plan, meta, append-only events, per-step logs (capped), and a full disk stopping the run.
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, readMeta } from '../../../src/engine/run/journal.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { collector, plan, step } from './plan-builder.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('journal', () => {
  it('writes plan.json, meta.json, events.jsonl and one log per step', async () => {
    const home = tempDir();
    const reporter = collector();
    // meta.json keeps the non-secret values that did not come from the playbook (what resume needs).
    const params = [
      { name: 'a', type: 'string' as const, value: '1', secret: false, source: 'given' as const },
      { name: 'b', type: 'string' as const, value: 'default', secret: false, source: 'default' as const },
    ];
    const result = await runPlan(plan([step('a', 'echo hello'), step('b', 'echo world >&2')], { params }), { home, reporter, source: { file: '/x/test.yaml', params: { a: '1' } } });
    expect(result.journalDir).toBe(join(home, 'runs', result.runId));
    const events = readEvents(result.journalDir);
    // Everything the reporter got, except the output chunks (they are in the step logs).
    expect(events).toEqual(reporter.events.filter((e) => e.type !== 'step.output'));
    expect(readFileSync(join(result.journalDir, 'steps', 'a.log'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(result.journalDir, 'steps', 'b.log'), 'utf8')).toBe('world\n');
    expect(JSON.parse(readFileSync(join(result.journalDir, 'plan.json'), 'utf8')).steps.map((s: { id: string }) => s.id)).toEqual(['a', 'b']);
    expect(readMeta(result.journalDir)).toMatchObject({ runId: result.runId, status: 'ok', exitCode: 0, file: '/x/test.yaml', params: { a: '1' }, playbook: 'test-playbook' });
    expect(readMeta(result.journalDir).params).toEqual({ a: '1' });
  });

  it('caps a step log with a truncation marker and keeps the end', async () => {
    const home = tempDir();
    const result = await runPlan(plan([step('loud', 'seq 1 20000')]), { home, limits: { logCapBytes: 1000, tailChars: 30 } });
    const log = readFileSync(join(result.journalDir, 'steps', 'loud.log'), 'utf8');
    expect(log.startsWith('1\n2\n3\n')).toBe(true);
    expect(log).toContain('[runbook: output truncated:');
    expect(log.endsWith('19998\n19999\n20000\n')).toBe(true);
    expect(log.length).toBeLessThan(1300);
  });

  it('survives output that is not UTF-8', async () => {
    const home = tempDir();
    const reporter = collector();
    const result = await runPlan(plan([step('binary', `head -c 20000 /dev/urandom; printf '\\xff\\xfe\\xc3'`)]), { home, reporter });
    expect(result.status).toBe('ok');
    expect(reporter.of('step.output').length).toBeGreaterThan(0);
  });

  it('a full disk stops the run before the next step starts and says why', async () => {
    const home = tempDir();
    const runId = 'full-disk-run';
    mkdirSync(join(home, 'runs', runId, 'steps'), { recursive: true });
    // Writing to /dev/full fails with ENOSPC, as a full disk does.
    symlinkSync('/dev/full', join(home, 'runs', runId, 'steps', 'a.log'));
    const work = tempDir();
    const reporter = collector();
    const result = await runPlan(plan([step('a', 'echo some output'), step('b', `touch ${join(work, 'b-ran')}`)]), { home, reporter, runId });
    expect(reporter.of('step.started').map((e) => e.id)).toEqual(['a']);
    expect(result.exitCode).toBe(4);
    expect(result.reason).toContain('ENOSPC: disk full');
    expect(result.reason).toContain('steps/a.log');
  });
});

describe('an unusable home', () => {
  it('is a clean error (exit 2) before anything runs', async () => {
    const home = join(tempDir(), 'file-not-dir');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(home, '');
    await expect(runPlan(plan([step('a', 'true')]), { home })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('cannot create the lock directory') });
    await expect(runPlan(plan([step('a', 'true')]), { home, lock: false })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('cannot write the run journal') });
  });
});

describe('a full disk mid-run', () => {
  it('does not name a step that never started as the failed one', async () => {
    const home = tempDir();
    const runId = 'full-disk-names';
    mkdirSync(join(home, 'runs', runId, 'steps'), { recursive: true });
    symlinkSync('/dev/full', join(home, 'runs', runId, 'steps', 'a.log'));
    const reporter = collector();
    const result = await runPlan(plan([step('a', 'echo some output'), step('b', 'true'), step('c', 'true')]), { home, reporter, runId });
    expect(reporter.of('step.started').map((e) => e.id)).toEqual(['a']);
    expect(result.exitCode).toBe(4);
    expect(result.failedStep).toBeUndefined();
    expect(reporter.of('run.finished')[0]!.failedStep).toBeUndefined();
    expect(result.reason).not.toMatch(/\bb\b/);
  });
});
