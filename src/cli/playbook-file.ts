// The playbook file a run journals (`play`) and `resume` reads again: its real path and the SHA-256 of its content.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';

/** The file itself, not a symlink to it (a path that cannot be resolved is kept as given). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The SHA-256 of a file's content, hex; undefined when it cannot be read. */
export function sha256Of(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}
