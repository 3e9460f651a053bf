// The file system says no (issue 11): a full disk while taking the lock, a read-only home, a FIFO given as a playbook.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { canMountTmpfs, runOnTinyFs } from '../helpers/tiny-fs.js';
import { bin, workspace, writePlaybook } from './play-helpers.js';

const exec = promisify(execFile);
const simple = 'name: simple\ntitle: Simple\nsteps:\n  - id: one\n    run: "true"\n';

describe('a full or read-only home', () => {
  it.runIf(canMountTmpfs)('a full disk while taking the lock: a clear error, and no temporary lock file left behind', () => {
    const dir = workspace();
    writePlaybook(dir, 'simple.yaml', simple);
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    const home = join(disk, 'home');
    const run = runOnTinyFs({ mountAt: disk, state: 'full', prepare: `mkdir -p ${home}/locks ${home}/runs`, args: ['play', 'simple.yaml'], after: `echo "left: $(ls -A ${home}/locks)."`, cwd: dir, env: { RUNBOOK_HOME: home } });
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot take the lock ${home}/locks/simple.lock (ENOSPC: disk full)`);
    expect(run.stderr).toContain('free some space');
    expect(run.stdout).toContain('left: .');
  });

  it.runIf(canMountTmpfs)('a read-only home says read-only, not ENOENT', () => {
    const dir = workspace();
    writePlaybook(dir, 'simple.yaml', simple);
    const disk = join(dir, 'disk');
    mkdirSync(disk);
    const run = runOnTinyFs({ mountAt: disk, state: 'read-only', args: ['play', 'simple.yaml'], cwd: dir, env: { RUNBOOK_HOME: join(disk, 'home') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('EROFS: read-only file system');
    expect(run.stderr).not.toContain('ENOENT');
  });
});

describe('a playbook that is not a regular file', () => {
  it.each(['validate', 'plan', 'lint', 'play'])('%s refuses a FIFO at once instead of waiting for a writer', async (command) => {
    const dir = workspace();
    await exec('mkfifo', [join(dir, 'pipe.yaml')]);
    const args = command === 'play' ? ['play', 'pipe.yaml', '--home', join(dir, 'home')] : [command, 'pipe.yaml'];
    const result = await exec(process.execPath, [bin, ...args], { cwd: dir, timeout: 20_000, killSignal: 'SIGKILL', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string; killed?: boolean }) => ({ code: e.killed ? -1 : e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('is a named pipe (FIFO), not a regular file');
    expect(readdirSync(dir)).not.toContain('home');
  });
});
