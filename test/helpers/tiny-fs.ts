// Runs the built CLI with a small tmpfs mounted (full, or read-only) in a mount namespace of its own, to see
// what runbook does when the disk is full or read-only. Needs root or unprivileged user namespaces.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));
const unshare = process.getuid?.() === 0 ? ['unshare', '-m', '--propagation', 'private'] : ['unshare', '-r', '-m', '--propagation', 'private'];

/** True when this machine lets a test mount a tmpfs in a private mount namespace. */
export const canMountTmpfs: boolean = (() => {
  if (process.platform !== 'linux') return false;
  try {
    execFileSync(unshare[0]!, [...unshare.slice(1), 'sh', '-c', 'mount -t tmpfs -o size=16k tmpfs /mnt'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export interface TinyFsOptions {
  /** Where the tmpfs is mounted (an empty folder of the test). */
  mountAt: string;
  /** `full`: filled up before runbook runs (after `prepare`); `read-only`: mounted read-only. */
  state: 'full' | 'read-only';
  /** Shell commands run on the fresh tmpfs before it is filled (mkdir the home…). */
  prepare?: string;
  args: string[];
  /** Shell commands run after runbook, on the same tmpfs (their output follows runbook's). */
  after?: string;
  cwd: string;
  env?: Record<string, string>;
}

/** Runs `runbook <args>` with the tmpfs in place; the mount disappears with the namespace. */
export function runOnTinyFs(options: TinyFsOptions): { code: number | null; stdout: string; stderr: string } {
  const q = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;
  const mount = options.state === 'read-only' ? `mount -t tmpfs -o ro,size=256k tmpfs ${q(options.mountAt)}` : `mount -t tmpfs -o size=256k tmpfs ${q(options.mountAt)}`;
  const fill = options.state === 'full' ? `; head -c 1M /dev/zero > ${q(options.mountAt)}/fill 2>/dev/null; true` : '';
  const script = `${mount} || exit 99; { ${options.prepare ?? 'true'}; }${fill}; ${q(process.execPath)} ${q(bin)} ${options.args.map(q).join(' ')}; code=$?; { ${options.after ?? 'true'}; }; exit $code`;
  const result = spawnSync(unshare[0]!, [...unshare.slice(1), 'sh', '-c', script], {
    cwd: options.cwd,
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
