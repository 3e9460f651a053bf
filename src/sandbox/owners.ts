// File owners: real chown/stat when the sandbox runs as root (CI), owners simulated in the state file otherwise.
import { chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SandboxState } from './state.js';

/** True when owners are simulated (not root, or forced with RUNBOOK_SANDBOX_SIMULATE_OWNERS=1). */
export function simulatedOwners(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.RUNBOOK_SANDBOX_SIMULATE_OWNERS === '1') return true;
  return typeof process.getuid !== 'function' || process.getuid() !== 0;
}

function walk(path: string, visit: (p: string) => void): void {
  visit(path);
  const st = lstatSync(path);
  if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name), visit);
}

/**
 * `uid:gid` of a path: its simulated owner, or the real one. A simulated owner belongs to the file that was chowned
 * (its path and inode): a file created later, or created again after a removal, has the owner of whoever created it.
 */
export function ownerOf(state: SandboxState, simulate: boolean, path: string): string {
  let abs = resolve(path);
  while (!existsSync(abs) && abs !== dirname(abs)) abs = dirname(abs); // a path to create: its nearest existing folder
  const st = lstatSync(abs);
  if (simulate) {
    const owner = state.owners[abs];
    if (owner !== undefined && (state.ownerInodes?.[abs] ?? st.ino) === st.ino) return owner;
  }
  return `${st.uid}:${st.gid}`;
}

/** Sets the owner of a path (recursively: of every file below it, as they are now), really or in the state. */
export function setOwner(state: SandboxState, simulate: boolean, path: string, owner: string, recursive: boolean): void {
  const abs = resolve(path);
  const [uid, gid] = owner.split(':').map(Number);
  if (simulate) {
    const record = (p: string): void => {
      state.owners[p] = owner;
      (state.ownerInodes ??= {})[p] = lstatSync(p).ino;
    };
    if (recursive) walk(abs, record);
    else record(abs);
    return;
  }
  if (recursive) walk(abs, (p) => chownSync(p, uid!, gid ?? uid!));
  else chownSync(abs, uid!, gid ?? uid!);
}

/** True when the path and everything below it belong to `owner`. */
export function ownedBy(state: SandboxState, simulate: boolean, path: string, owner: string): boolean {
  if (!existsSync(path)) return false;
  let ok = true;
  walk(resolve(path), (p) => {
    if (ok && ownerOf(state, simulate, p) !== owner) ok = false;
  });
  return ok;
}
