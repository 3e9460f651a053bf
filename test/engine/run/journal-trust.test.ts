// The journal is untrusted input (issue 11): an unfinished rollback is unknown, damaged files are refused by
// resume and named by history, outputs are never restored empty or masked, forged process groups are never signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanStep } from '../../../src/engine/plan.js';
import { checkGroup, findOrphans, openGroups, readGroups, stopOrphan, type GroupStarted } from '../../../src/engine/run/groups.js';
import { JournalReadError, readEvents, readMeta } from '../../../src/engine/run/journal.js';
import { describeJournalReason } from '../../../src/engine/run/journal-reason.js';
import { listRuns, decideResume } from '../../../src/engine/run/resume.js';
import { procStat } from '../../../src/process/proc.js';
import { runPlan } from '../../../src/engine/run/runner.js';
import { alive, waitFor } from '../../helpers/process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { param } from '../../helpers/plan-builder.js';
import { deferred, plan, probe, rollback, step } from './plan-builder.js';

const include = (id: string, nested: CompiledPlan): PlanStep => ({ ...step(id, 'true'), action: { kind: 'playbook', path: 'child.yaml', plan: nested } });

/** Makes the journal look as if the engine was SIGKILLed right after the first event matching `cut`. */
function killedAfter(journalDir: string, cut: (event: { type: string; id?: string }) => boolean): void {
  const path = join(journalDir, 'events.jsonl');
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const at = lines.findIndex((line) => cut(JSON.parse(line) as { type: string; id?: string }));
  writeFileSync(path, lines.slice(0, at + 1).join('\n') + '\n');
  const meta = JSON.parse(readFileSync(join(journalDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(journalDir, 'meta.json'), JSON.stringify({ ...meta, status: 'running', exitCode: undefined }));
}

describe('a rollback that started and never ended is unknown', () => {
  it('is never taken as done, even when every step had completed (postcondition failed)', async () => {
    const home = tempDir();
    const p = plan([step('a', 'true', { rollback: rollback('true') }), step('b', 'true')], { postconditions: [probe('false')] });
    const first = await runPlan(p, { home });
    killedAfter(first.journalDir, (e) => e.type === 'rollback.started' && e.id === 'a');
    expect(decideResume(home, first.runId, p)).toEqual({ kind: 'unknown-rollback', step: 'a' });
    // Not even a check probe makes it re-run on its own: a partly undone step needs a person.
    const withCheck = plan([step('a', 'true', { rollback: rollback('true'), check: probe('true') }), step('b', 'true')], { postconditions: [probe('false')] });
    expect(decideResume(home, first.runId, withCheck)).toEqual({ kind: 'unknown-rollback', step: 'a' });
    expect(decideResume(home, first.runId, p, 'a')).toMatchObject({ kind: 'resume', startAt: 'a' });
  });

  it('an included step\'s unfinished rollback makes its include step unknown', async () => {
    const home = tempDir();
    const child = plan([step('x', 'true', { rollback: rollback('true') })], {}, { name: 'child' });
    const p = plan([include('inc', child), step('b', 'false')]);
    const first = await runPlan(p, { home });
    killedAfter(first.journalDir, (e) => e.type === 'rollback.started' && e.id === 'inc.x');
    expect(decideResume(home, first.runId, p)).toEqual({ kind: 'unknown-rollback', step: 'inc' });
  });
});

describe('damaged journal files', () => {
  it('garbage inside events.jsonl is refused (exit 2, naming the line); only a torn last line is forgiven', async () => {
    const home = tempDir();
    const p = plan([step('a', 'true'), step('b', 'false')]);
    const first = await runPlan(p, { home });
    const path = join(first.journalDir, 'events.jsonl');
    const good = readFileSync(path, 'utf8');
    appendFileSync(path, '{"type":"step.fini');
    expect(decideResume(home, first.runId, p)).toMatchObject({ kind: 'resume', startAt: 'b' });
    const lines = good.trim().split('\n');
    writeFileSync(path, [lines[0], '\u0000\u00ff garbage \u0007', ...lines.slice(1)].join('\n') + '\n');
    const error = (() => {
      try {
        decideResume(home, first.runId, p);
      } catch (e) {
        return e as JournalReadError;
      }
      throw new Error('not refused');
    })();
    expect(error).toBeInstanceOf(JournalReadError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`${path}:2`);
    // Valid JSON of the wrong shape is damage too (a number where a step id belongs).
    writeFileSync(path, [...lines.slice(0, 2), '{"type":"step.finished","runId":"r","time":"t","phase":"steps","id":7,"status":"ok","durationMs":1}', ...lines.slice(2)].join('\n') + '\n');
    expect(() => decideResume(home, first.runId, p)).toThrow(/events\.jsonl:3 cannot be used: step\.finished: id: expected a string, got number 7/);
  });

  it('null, numbers and wrong types in meta.json are refused by resume and left out of the run list, the other runs still listed', async () => {
    const home = tempDir();
    const p = plan([step('a', 'false')]);
    const runs = [await runPlan(p, { home }), await runPlan(p, { home }), await runPlan(p, { home })];
    writeFileSync(join(runs[0]!.journalDir, 'meta.json'), 'null');
    const meta = JSON.parse(readFileSync(join(runs[1]!.journalDir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(runs[1]!.journalDir, 'meta.json'), JSON.stringify({ ...meta, startedAt: 12, status: null }));
    const problems: string[] = [];
    expect(listRuns(home, (problem) => problems.push(`${problem.path}: ${describeJournalReason(problem.why, 'en')}`)).map((r) => r.runId)).toEqual([runs[2]!.runId]);
    expect(problems.sort()).toEqual([`${join(runs[0]!.journalDir, 'meta.json')}: expected an object, got null`, `${join(runs[1]!.journalDir, 'meta.json')}: startedAt: expected a string, got number 12`].sort());
    expect(() => readMeta(runs[0]!.journalDir)).toThrow(JournalReadError);
    expect(() => decideResume(home, runs[1]!.runId, p)).toThrow(/meta\.json cannot be used/);
  });
});

describe('outputs on resume', () => {
  const reads = (id: string, source: string): PlanStep => step(id, deferred(source));

  async function failedAfterOne(home: string, secret?: string) {
    const p = (fixed: boolean) =>
      plan([step('one', 'echo /srv/data-7'), step('two', fixed ? 'true' : 'false'), reads('three', 'echo cleaning {{steps.one.stdout}}/cache')], secret ? { params: [param('token', secret, { secret: true })] } : {});
    const first = await runPlan(p(false), { home });
    expect(first.status).toBe('failed');
    return { first, p };
  }

  it('a missing or garbage outputs file that a later step reads is refused (exit 2, naming it), never an empty value', async () => {
    const home = tempDir();
    const { first, p } = await failedAfterOne(home);
    const file = join(first.journalDir, 'steps', 'one.outputs.json');
    expect(readEvents(first.journalDir).find((e) => e.type === 'step.finished' && e.id === 'one')).toMatchObject({ outputs: 'kept' });
    expect(decideResume(home, first.runId, p(true))).toMatchObject({ kind: 'resume', state: { done: [{ id: 'one', outputs: { stdout: '/srv/data-7' } }] } });
    rmSync(file);
    expect(() => decideResume(home, first.runId, p(true))).toThrow(`${file} cannot be used: missing`);
    writeFileSync(file, '{"stdout": null}');
    expect(() => decideResume(home, first.runId, p(true))).toThrow(/one\.outputs\.json cannot be used: stdout: expected a string, got null/);
    // Nothing reads them: the run can go on without them.
    const noReader = plan([step('one', 'echo /srv/data-7'), step('two', 'true')]);
    expect(decideResume(home, first.runId, noReader)).toMatchObject({ kind: 'resume', startAt: 'two' });
  });

  it('outputs that held a secret are never restored as the mask', async () => {
    const home = tempDir();
    const { first, p } = await failedAfterOne(home, 'data-7');
    expect(readFileSync(join(first.journalDir, 'steps', 'one.outputs.json'), 'utf8')).not.toContain('data-7');
    expect(readEvents(first.journalDir).find((e) => e.type === 'step.finished' && e.id === 'one')).toMatchObject({ outputs: 'masked' });
    expect(() => decideResume(home, first.runId, p(true))).toThrow(/held a secret/);
    expect(decideResume(home, first.runId, p(true), 'one')).toMatchObject({ kind: 'resume', startAt: 'one' });
  });

  it('a resumed run keeps the outputs it restored, so a resume of it still has them', async () => {
    const home = tempDir();
    const { first, p } = await failedAfterOne(home);
    const decision = decideResume(home, first.runId, p(false));
    if (decision.kind !== 'resume') throw new Error(decision.kind);
    const second = await runPlan(p(false), { home, resume: decision.state });
    expect(second.status).toBe('failed');
    expect(decideResume(home, second.runId, p(true))).toMatchObject({ kind: 'resume', state: { done: [{ id: 'one', outputs: { stdout: '/srv/data-7' } }] } });
  });
});

describe('groups.jsonl is never trusted to name a process group', () => {
  const spawned: ChildProcess[] = [];
  afterEach(() => {
    for (const child of spawned.splice(0)) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
  const sacrificial = (script = 'sleep 30'): ChildProcess => {
    const child = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
    spawned.push(child);
    return child;
  };
  const since = new Date().toISOString();

  it('a line naming pgid 1, 0 or -1 (or no number) is damage: never an open group', () => {
    const dir = tempDir();
    const lines = [
      { step: 'x', pgid: 1, host: hostname(), since },
      { step: 'x', pgid: 0, host: hostname(), since },
      { step: 'x', pgid: -1, host: hostname(), since },
      { step: 'x', pgid: '42', host: hostname(), since },
      null,
    ];
    writeFileSync(join(dir, 'groups.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(openGroups(dir)).toEqual([]);
    expect(findOrphans(dir)).toEqual([]);
    expect(readGroups(dir).problems.map((p) => p.path)).toEqual([1, 2, 3, 4, 5].map((n) => `${join(dir, 'groups.jsonl')}:${n}`));
  });

  it.runIf(process.platform === 'linux')('a group recorded without start time and boot id is not verified, and stopOrphan never signals it', async () => {
    const child = sacrificial();
    await waitFor(() => procStat(child.pid!) !== undefined);
    const record: GroupStarted = { step: 'forged', pgid: child.pid!, host: hostname(), since };
    expect(checkGroup(record)).toEqual({ state: 'unverified', why: 'no-proof' });
    expect(await stopOrphan(record, 100)).toBe('unverified');
    expect(alive(child.pid!)).toBe(true);
  });

  it.runIf(process.platform === 'linux')('a group in another session than the one the spawn created is not ours (a reused pgid)', async () => {
    // bash leads session S; with job control its `sleep` gets a group of its own inside S.
    const dir = tempDir();
    const child = sacrificial(`set -m; sleep 30 & echo $! > ${dir}/pgid; wait`);
    await waitFor(() => readdirSync(dir).includes('pgid') && readFileSync(join(dir, 'pgid'), 'utf8').endsWith('\n'));
    const pgid = Number(readFileSync(join(dir, 'pgid'), 'utf8'));
    const stat = procStat(pgid)!;
    expect(stat.pgrp).toBe(pgid);
    expect(stat.session).toBe(child.pid);
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const record: GroupStarted = { step: 'two', pgid, host: hostname(), since, startTicks: stat.startTicks, bootId };
    expect(checkGroup(record)).toEqual({ state: 'gone' });
    expect(await stopOrphan(record, 100)).toBe('stopped');
    expect(alive(pgid)).toBe(true);
  });
});
