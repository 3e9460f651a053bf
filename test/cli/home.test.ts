// One runbook home per host (issue 12): the default home, one lock whatever folder (or symlink) the playbook is
// run from, sandbox runs apart and labelled, old `.runbook/` journals still found, shared homes' permissions.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome, prepareHomeDir } from '../../src/engine/run/home.js';
import { runAsUser } from '../helpers/as-user.js';
import { waitFor } from '../helpers/process.js';
import { canMountTmpfs } from '../helpers/tiny-fs.js';
import { bin, workspace } from './play-helpers.js';

const cli = runAsUser;

/** A workspace every user may write (the CLI runs as `nobody` when the tests run as root). */
function sharedWorkspace(): string {
  const dir = workspace();
  chmodSync(dir, 0o777);
  return dir;
}

function mkdirs(...dirs: string[]): void {
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
  }
}

const blocking = (dir: string) => `name: held\ntitle: Held\nsteps:\n  - id: wait\n    run: touch ${dir}/started; while [ ! -e ${dir}/release ]; do sleep 0.05; done\n`;

describe('the default home', () => {
  it('is /var/lib/runbook for root, else $XDG_STATE_HOME/runbook, else ~/.local/state/runbook', () => {
    expect(defaultHome({ HOME: '/home/a', XDG_STATE_HOME: '/x/state' }, 0)).toBe('/var/lib/runbook');
    expect(defaultHome({ HOME: '/home/a', XDG_STATE_HOME: '/x/state' }, 1000)).toBe('/x/state/runbook');
    // The XDG spec: an empty or relative value is ignored.
    expect(defaultHome({ HOME: '/home/a', XDG_STATE_HOME: 'rel' }, 1000)).toBe('/home/a/.local/state/runbook');
    expect(defaultHome({ HOME: '/home/a' }, 1000)).toBe('/home/a/.local/state/runbook');
  });

  it('is one per host: the same playbook through a symlink in another folder waits for the same lock; history finds the runs from anywhere', async () => {
    const ws = sharedWorkspace();
    mkdirs(join(ws, 'a'), join(ws, 'b'), join(ws, 'elsewhere'), join(ws, 'state'));
    writeFileSync(join(ws, 'a', 'held.yaml'), blocking(ws));
    symlinkSync(join(ws, 'a', 'held.yaml'), join(ws, 'b', 'link.yaml'));
    const env = { HOME: ws, XDG_STATE_HOME: join(ws, 'state') };
    const first = cli(['play', 'held.yaml'], join(ws, 'a'), env);
    await waitFor(() => existsSync(join(ws, 'started')));
    const second = await cli(['play', 'link.yaml'], join(ws, 'b'), env).done;
    expect(second.code).toBe(5);
    expect(second.stderr).toContain('locked: held is held by');
    writeFileSync(join(ws, 'release'), '');
    expect((await first.done).code).toBe(0);
    expect(readdirSync(join(ws, 'state', 'runbook', 'runs'))).toHaveLength(1);
    expect(existsSync(join(ws, 'a', '.runbook'))).toBe(false);
    const history = await cli(['history'], join(ws, 'elsewhere'), env).done;
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/ok\s+0\s/);
  });

  it.runIf(canMountTmpfs && process.getuid?.() === 0)('as root it is /var/lib/runbook (here on a tmpfs in a mount namespace of the test\'s own)', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'simple.yaml'), 'name: simple\ntitle: Simple\nsteps:\n  - id: one\n    run: "true"\n');
    const script = `mount -t tmpfs tmpfs /var/lib || exit 99; "${process.execPath}" "${bin}" play simple.yaml >/dev/null; echo "play=$?"; ls /var/lib/runbook/runs | wc -l; cd / && "${process.execPath}" "${bin}" history`;
    const ran = await cli(['--version'], ws, {}, {}).done; // the CLI runs at all
    expect(ran.code).toBe(0);
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { cwd: ws, env: { PATH: process.env.PATH ?? '', LANG: 'C', CI: '1', HOME: ws } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toMatch(/play=0\n1\n/);
    expect(out).toMatch(/ok\s+0\s.*simple/);
  });
});

describe('sandbox runs are kept apart', () => {
  it('a sandbox run never waits for (or holds) the real lock, and is labelled sandbox in history, logs and its own lock message', async () => {
    const ws = sharedWorkspace();
    mkdirs(join(ws, 'state'), join(ws, 'tmp'));
    writeFileSync(join(ws, 'held.yaml'), blocking(ws));
    const env = { HOME: ws, XDG_STATE_HOME: join(ws, 'state'), TMPDIR: join(ws, 'tmp') };
    const real = cli(['play', 'held.yaml'], ws, env);
    await waitFor(() => existsSync(join(ws, 'started')));
    // The real run holds the lock; a sandbox run of the same playbook takes its own.
    const sandbox = cli(['play', 'held.yaml', '--sandbox', '--yes'], ws, env);
    await waitFor(() => existsSync(join(ws, 'state', 'runbook', 'sandbox', 'locks', 'held.lock')));
    const another = await cli(['play', 'held.yaml', '--sandbox', '--yes'], ws, env).done;
    expect(another.code).toBe(5);
    expect(another.stderr).toContain('locked: held (sandbox) is held by');
    writeFileSync(join(ws, 'release'), '');
    expect((await real.done).code).toBe(0);
    expect((await sandbox.done).code).toBe(0);
    expect(readdirSync(join(ws, 'state', 'runbook', 'runs'))).toHaveLength(1);
    expect(readdirSync(join(ws, 'state', 'runbook', 'sandbox', 'runs'))).toHaveLength(1);

    const history = await cli(['history'], ws, env).done;
    const lines = history.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/SANDBOX/);
    expect(lines.filter((l) => /\bsandbox\b/.test(l))).toHaveLength(1);
    const logs = await cli(['logs', 'last'], ws, env).done;
    expect(logs.stdout).toMatch(/run started: held \(sandbox\)/);
  });
});

describe('journals of earlier versions', () => {
  it('history still lists runs in ./.runbook and ./*/.runbook, and says how to move them into the host home', async () => {
    const ws = sharedWorkspace();
    mkdirs(join(ws, 'state'), join(ws, 'old'));
    writeFileSync(join(ws, 'old', 'simple.yaml'), 'name: simple\ntitle: Simple\nsteps:\n  - id: one\n    run: "true"\n');
    // An old journal: a run in runbooks/.runbook, as earlier versions wrote it.
    const made = await cli(['play', 'simple.yaml', '--home', join(ws, 'old', '.runbook')], join(ws, 'old'), { HOME: ws }).done;
    expect(made.code).toBe(0);
    const env = { HOME: ws, XDG_STATE_HOME: join(ws, 'state') };
    const history = await cli(['history'], ws, env).done;
    expect(history.stdout).toMatch(/ok\s+0\s.*simple/);
    expect(history.stderr).toContain(`1 run(s) are in ${join(ws, 'old', '.runbook')}`);
    expect(history.stderr).toContain(`mv ${join(ws, 'old', '.runbook')}/runs/* ${join(ws, 'state', 'runbook')}/runs/`);
    const logs = await cli(['logs', 'last'], ws, env).done;
    expect(logs.stdout).toContain('run finished: ok');
    // Moved as the note says, the run is in the host home.
    cpSync(join(ws, 'old', '.runbook', 'runs'), join(ws, 'state', 'runbook', 'runs'), { recursive: true });
    expect((await cli(['logs', readdirSync(join(ws, 'state', 'runbook', 'runs'))[0]!], join(ws, 'state'), env).done).code).toBe(0);
  });
});

describe('a shared home', () => {
  it('folders made in a group-writable (setgid) or sticky world-writable home keep its permission bits, whatever the umask', () => {
    for (const mode of [0o2775, 0o1777]) {
      const home = join(workspace(), 'home');
      mkdirSync(home);
      chmodSync(home, mode);
      const old = process.umask(0o077);
      try {
        prepareHomeDir(home, 'locks');
        prepareHomeDir(home, 'sandbox/runs');
      } finally {
        process.umask(old);
      }
      for (const sub of ['locks', 'sandbox', 'sandbox/runs']) expect(statSync(join(home, sub)).mode & 0o7777).toBe(mode);
    }
    const home = join(workspace(), 'private');
    mkdirSync(home, { mode: 0o700 });
    prepareHomeDir(home, 'locks');
    expect(statSync(join(home, 'locks')).mode & 0o022).toBe(0);
  });
});
