// A program's path on a PATH value, looked up once per (program, PATH): spawned by name, every spawn would try
// each folder of PATH in turn (a failed execve each, in a fork of runbook) before it finds it.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const found = new Map<string, string>();

/**
 * The file execvp would run for `program` on `path`; just `program` when none is there or PATH holds a
 * relative folder before it (resolved in the spawn's cwd, so left to execvp).
 */
export function commandPath(program: string, path: string | undefined): string {
  const key = `${program}\0${path ?? ''}`;
  let file = found.get(key);
  if (file !== undefined) return file;
  file = program;
  for (const dir of (path ?? '').split(':')) {
    if (!isAbsolute(dir)) break;
    const candidate = join(dir, program);
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
