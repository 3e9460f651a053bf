// Writing a journal file so that a crash or power cut leaves either the old file or the new one, whole.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** fsync of a directory: makes a rename or a new name in it survive a power cut. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs the
 * directory. On any failure (a full disk) the temporary file is removed and the error thrown: nothing
 * half-written is left behind, and `path` keeps its old content.
 */
export function writeFileDurable(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw error;
  }
  syncDir(dirname(path));
}
