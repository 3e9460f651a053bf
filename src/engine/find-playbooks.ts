// Finds playbook files (*.yaml, *.yml) under the paths a user gives, skipping schemas/ and hidden folders.
// Synchronous on purpose: node:fs/promises costs a cold `validate` more (it loads streams and readline) than
// listing a folder takes.
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** Folders never searched: the schema folder, dependencies, hidden folders (.git, .runbook, ...). */
const SKIPPED_DIRS = new Set(['schemas', 'node_modules']);
const PLAYBOOK_FILE = /\.ya?ml$/i;

export interface FoundPaths {
  /** Playbook files, as paths relative to cwd when under it, sorted, without duplicates. */
  files: string[];
  /** Paths given that do not exist. */
  missing: string[];
}

/** Expands files and folders into playbook files. A file given by name is taken whatever its name. */
export async function findPlaybooks(paths: readonly string[], cwd: string): Promise<FoundPaths> {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info;
    try {
      info = statSync(absolute);
    } catch {
      missing.push(path);
      continue;
    }
    if (!info.isDirectory()) {
      files.add(path);
      continue;
    }
    const found: string[] = [];
    // Iterative walk: folder depth never grows the stack.
    const queue = [absolute];
    while (queue.length > 0) {
      const dir = queue.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) queue.push(join(dir, entry.name));
        } else if ((entry.isFile() || entry.isSymbolicLink()) && PLAYBOOK_FILE.test(entry.name)) {
          found.push(join(dir, entry.name));
        }
      }
    }
    for (const file of found.sort()) files.add(displayPath(file, cwd));
  }
  return { files: [...files], missing };
}

function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel && !rel.startsWith('..') ? rel : absolute;
}
