// Remote locks: a flock on the target held over the master; a second ops process is refused, naming the holder.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { RemoteLockError, RemoteLockedError } from '../../src/remote/errors.js';
import { currentHolder } from '../../src/remote/lock.js';
import { tempDir } from '../helpers/temp-dir.js';
import { eventually, settingsOf, targetOf, until, useFleet, useSessions } from './fleet.js';

const { fleet } = useFleet(2);
let bundle = '';
beforeAll(async () => {
  // The second ops process runs the same transport code, bundled (the tests run TypeScript; node alone cannot).
  bundle = join(fleet().dir, 'lock-cli.mjs');
  await build({
    entryPoints: [new URL('./fixtures/lock-cli.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: bundle,
    logLevel: 'error',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
}, 60_000);

const session = useSessions(fleet);

/** The other ops host: a process with a home of its own, trying the same lock. */
function otherOpsHost(hostIndex: number, key: string, dir: string, hold = false) {
  const host = fleet().hosts[hostIndex]!;
  const child = spawn(process.execPath, [bundle, JSON.stringify(targetOf(host, fleet())), JSON.stringify(settingsOf(fleet())), key, dir, 'run-b', hold ? 'hold' : ''], {
    // Its socket folder goes in a temp folder of the test: a killed process cannot remove it itself.
    env: { ...process.env, RUNBOOK_HOME: tempDir('runbook-other-home-'), XDG_RUNTIME_DIR: tempDir('rb-run-') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, stdout: () => stdout, exit };
}

describe('remote locks', () => {
  it('refuses a second ops process while the first holds the lock, naming user@opshost, run and since; free again once released', async () => {
    const host = fleet().hosts[0]!;
    const s = session();
    const holder = { ...currentHolder('run-a'), who: 'alice@ops-a' };
    const dir = host.lockDir;
    const lock = await s.lock(targetOf(host, fleet()), { key: 'mlflow-permissions', dir, holder, lang: 'en' });
    const other = otherOpsHost(0, 'mlflow-permissions', dir);
    expect(await other.exit).toBe(5);
    expect(other.stdout()).toBe(`host host-1 (${fleet().user}@${host.address}:${host.port}): \`mlflow-permissions\` is locked by alice@ops-a (run run-a, since ${holder.since})\n`);
    // Another key, or the same key on another host, is free.
    const otherKey = otherOpsHost(0, 'redis-flush', dir);
    const otherHost = otherOpsHost(1, 'mlflow-permissions', fleet().hosts[1]!.lockDir);
    expect([await otherKey.exit, await otherHost.exit]).toEqual([0, 0]);
    await lock.release();
    const after = otherOpsHost(0, 'mlflow-permissions', dir);
    expect(await after.exit).toBe(0);
    expect(after.stdout()).toBe('locked\n');
  });

  it('the lock goes with its holder: a killed ops process frees it', async () => {
    const dir = fleet().hosts[1]!.lockDir;
    const holderProcess = otherOpsHost(1, 'backup', dir, true);
    await until(() => holderProcess.stdout() === 'locked\n', 'the other ops process holds the lock');
    const s = session();
    const target = targetOf(fleet().hosts[1]!, fleet());
    const refused = await s.lock(target, { key: 'backup', dir, holder: currentHolder('run-a'), lang: 'en' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RemoteLockedError);
    expect((refused as RemoteLockedError).holder).toMatchObject({ runId: 'run-b', who: expect.stringMatching(/^.+@.+$/) });
    holderProcess.child.kill('SIGKILL');
    await holderProcess.exit;
    const request = { key: 'backup', dir, holder: currentHolder('run-a'), lang: 'en' as const };
    const lock = await eventually(
      () =>
        s.lock(target, request).catch((e: unknown) => {
          if (e instanceof RemoteLockedError) return undefined;
          throw e;
        }),
      'the lock is free again',
    );
    await lock.release();
  });

  it('refuses a lock folder every user can write, and a key that is not a file name', async () => {
    const s = session();
    const target = targetOf(fleet().hosts[0]!, fleet());
    const shared = join(fleet().hosts[0]!.dir, 'shared-locks');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const error = await s.lock(target, { key: 'k', dir: shared, holder: currentHolder('run-a'), lang: 'en' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteLockError);
    expect((error as Error).message).toBe(`host host-1 (${fleet().user}@${target.address}:${target.port}): cannot take the lock in ${shared}: the folder is writable by every user`);
    await expect(s.lock(target, { key: '../etc/passwd', dir: fleet().hosts[0]!.lockDir, holder: currentHolder('run-a'), lang: 'en' })).rejects.toThrow('cannot name a file');
  });
});
