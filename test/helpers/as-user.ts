// Runs the built CLI as an ordinary user: as root the default runbook home is the real /var/lib/runbook, so
// tests of the per-user default run as `nobody` (with HOME/XDG_STATE_HOME in the test's folders).
import { spawn, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/runbook.js', import.meta.url));

/** Spawn options that drop root (uid/gid of `nobody`); nothing when not root. */
export const asUser: SpawnOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `runbook <args>` with exactly `env` (plus PATH, LANG=C, CI=1): RUNBOOK_HOME is unset unless given,
 * and the process is not root (see asUser) unless `options` says otherwise. Folders it writes must be 0777.
 */
export function runAsUser(args: string[], cwd: string, env: Record<string, string>, options: SpawnOptions = asUser): { done: Promise<Ran> } {
  const child = spawn(process.execPath, [bin, ...args], { ...options, cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))) };
}
