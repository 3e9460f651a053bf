// A failed rollback stops the rollback; the summary, `logs` and NDJSON list what is left, and `resume --rollback` finishes it.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, workspace, writePlaybook } from './play-helpers.js';

/** snapshot → flush (fails) ; flush's restore fails while `broken` exists; snapshot's rollback would delete the backup. */
const playbook = (dir: string) => `
name: keeps-backup
title: Keeps the backup
steps:
  - id: snapshot
    run: echo data > ${dir}/backup
    rollback: rm -f ${dir}/backup
  - id: flush
    run: echo flushed >> ${dir}/trail
    rollback: |
      test ! -e ${dir}/broken || { echo restore failed >&2; exit 1; }
      cp ${dir}/backup ${dir}/restored
  - id: boom
    run: "false"
`;

function setup() {
  const dir = workspace();
  writePlaybook(dir, 'keeps-backup.yaml', playbook(dir));
  writeFileSync(join(dir, 'broken'), '');
  const env = { RUNBOOK_HOME: join(dir, 'home') };
  return { dir, env };
}

describe('a failed rollback stops the rollback (CLI)', () => {
  it('keeps the backup, lists the rollback left undone in the summary, logs and NDJSON, and resume --rollback finishes it', async () => {
    const { dir, env } = setup();
    const play = await runCli(['play', 'keeps-backup.yaml', '--output', 'plain'], { cwd: dir, env });
    expect(play.code).toBe(4);
    // The backup is still there: snapshot's rollback did not run after flush's failed.
    expect(existsSync(join(dir, 'backup'))).toBe(true);
    const summary = play.stdout.slice(play.stdout.lastIndexOf('ROLLBACK FAILED'));
    expect(summary).toContain('not rolled back (1)');
    expect(summary).toContain(`snapshot`);
    expect(summary).toContain(`$ rm -f ${dir}/backup`);
    const runId = /run (\d{8}-\d{6}-[0-9a-f]{4})/.exec(play.stdout)![1]!;
    expect(summary).toContain(`runbook resume ${runId} --rollback`);

    const logs = await runCli(['logs', runId], { cwd: dir, env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/snapshot: rollback not run \(not rolled back: the rollback stopped when the rollback of `flush` failed\)/);
    expect(logs.stdout).toContain(`runbook resume ${runId} --rollback`);
    expect(logs.stdout).toContain(`$ rm -f ${dir}/backup`);
    expect(logs.stdout).toMatch(/flush: rolling back \$ test ! -e/);

    // Not fixed yet: the same stop, exit 4 again, and still nothing deleted.
    const early = await runCli(['resume', runId, '--rollback', '--output', 'json'], { cwd: dir, env });
    expect(early.code).toBe(4);
    const events = early.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: 'run.finished', status: 'rollback_failed', exitCode: 4, unrolled: [{ id: 'snapshot', command: `rm -f ${dir}/backup` }] });
    expect(events.filter((e) => e.type === 'step.started')).toEqual([]);
    expect(existsSync(join(dir, 'backup'))).toBe(true);

    // The human fixes the cause; the rollback goes on from the failed one (`last` is the run just made).
    rmSync(join(dir, 'broken'));
    const done = await runCli(['resume', 'last', '--rollback', '--output', 'plain'], { cwd: dir, env });
    expect(done.code).toBe(1);
    expect(readFileSync(join(dir, 'restored'), 'utf8')).toBe('data\n');
    expect(existsSync(join(dir, 'backup'))).toBe(false);
    expect(readFileSync(join(dir, 'trail'), 'utf8')).toBe('flushed\n');

    const again = await runCli(['resume', 'last', '--rollback'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no rollback is left to run');
    const forward = await runCli(['resume', 'last'], { cwd: dir, env });
    expect(forward.code).toBe(2);
    expect(forward.stderr).toContain('only rolled back an earlier run');
  });

  it('--rollback of a successful run is refused (it does not undo it); --rollback with --from is refused', async () => {
    const dir = workspace();
    writePlaybook(dir, 'ok.yaml', `name: ok\ntitle: Ok\nsteps:\n  - id: one\n    run: "true"\n    rollback: "true"\n`);
    const env = { RUNBOOK_HOME: join(dir, 'home') };
    expect((await runCli(['play', 'ok.yaml'], { cwd: dir, env })).code).toBe(0);
    const refused = await runCli(['resume', 'last', '--rollback'], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('does not undo a successful run');
    const both = await runCli(['resume', 'last', '--rollback', '--from', 'one'], { cwd: dir, env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('cannot be combined');
  });
});
