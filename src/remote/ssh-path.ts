// The ssh client's path, looked up once per PATH value: every command on a host spawns ssh, and spawned by name each
// spawn would try the directories of PATH in turn (a failed execve each, in a fork of runbook) before finding it.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const found = new Map<string, string>();

/** The file execvp would run for `ssh` on `path`; just 'ssh' when none is there or PATH holds a relative folder. */
export function sshPath(path: string | undefined): string {
  const key = path ?? '';
  let file = found.get(key);
  if (file !== undefined) return file;
  file = 'ssh';
  for (const dir of key.split(':')) {
    if (!isAbsolute(dir)) break;
    const candidate = join(dir, 'ssh');
    try {
      accessSync(candidate, constants.X_OK);
      if (!statSync(candidate).isFile()) continue;
      file = candidate;
      break;
    } catch {
      // not here: the next folder
    }
  }
  found.set(key, file);
  return file;
}
