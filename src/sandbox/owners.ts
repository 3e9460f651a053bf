// File owners: real chown/stat when the sandbox runs as root (CI), owners simulated in the state file otherwise.
import { chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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

/** `uid:gid` of a path: the nearest simulated entry, or the real owner. */
export function ownerOf(state: SandboxState, simulate: boolean, path: string): string {
  const abs = resolve(path);
  if (simulate) {
    for (let p = abs; ; p = resolve(p, '..')) {
      const o = state.owners[p];
      if (o) return o;
      if (p === '/') break;
    }
  }
  const st = lstatSync(abs);
  return `${st.uid}:${st.gid}`;
}

/** Sets the owner of a path (recursively), really or in the state. */
export function setOwner(state: SandboxState, simulate: boolean, path: string, owner: string, recursive: boolean): void {
  const abs = resolve(path);
  const [uid, gid] = owner.split(':').map(Number);
  if (simulate) {
    if (recursive) for (const key of Object.keys(state.owners)) if (key.startsWith(abs + '/')) delete state.owners[key];
    state.owners[abs] = owner;
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
