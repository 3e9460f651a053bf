// Creating the runbook home's folders, and saying in words why a file system refused: read-only, full, no permission.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Lang, Translator } from '../../i18n/index.js';
import { showLineBreaks } from '../escapes.js';

const words: Partial<Record<string, EngineKey>> = {
  EROFS: 'fs.readOnly',
  ENOSPC: 'fs.full',
  EDQUOT: 'fs.quota',
  EACCES: 'fs.denied',
  EPERM: 'fs.denied',
  ENOENT: 'fs.missing',
  ENOTDIR: 'fs.notDir',
};

/** Node's own message, on one line: it quotes the path (`open 'a\nb'`), which may hold a break (␤). */
function messageOf(error: unknown): string {
  return showLineBreaks(error instanceof Error ? error.message : String(error));
}

/** `EROFS: read-only file system` — the code for searching, the words for reading. */
export function describeFsError(error: unknown, t: Translator<EngineKey>): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return messageOf(error);
  const key = words[code];
  return key ? `${code}: ${t(key)}` : code;
}

/**
 * A file the system refused, for a message in `lang`: in English Node's own message, as runbook always
 * showed it (`EISDIR: illegal operation on a directory, read`); in Chinese its code with the words for it
 * (`ENOENT: 文件或目录不存在`, a bare `EISDIR` for a code without words). An error without a code: its message.
 */
export function sayFsError(error: unknown, lang: Lang): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (lang === 'en' || typeof code !== 'string') return messageOf(error);
  return describeFsError(error, engineText(lang));
}

/** The same for a message that names only the code in English (`ENOENT`): in Chinese, the code with its words. */
export function sayFsCode(error: unknown, lang: Lang): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return messageOf(error);
  return lang === 'en' ? code : describeFsError(error, engineText(lang));
}

/**
 * mkdir -p that throws the real reason, one folder at a time from the first that is missing. Node's recursive mkdir
 * is not used: it reports ENOENT when a parent cannot be created on a read-only file system, and under /proc (where
 * mkdir says ENOENT though the parent is there) it retries for ever, at full CPU: `--home /proc/x` hung `play`.
 */
export function makeDirs(path: string): void {
  // Up from `path` to the first that is there, one stat each (a missing parent, or a file as one, reads as absent).
  const missing: string[] = [];
  let at = resolve(path);
  let found = statSync(at, { throwIfNoEntry: false });
  while (found === undefined && dirname(at) !== at) {
    missing.push(at);
    at = dirname(at);
    found = statSync(at, { throwIfNoEntry: false });
  }
  // A file where the folder should be: mkdir says so (EEXIST), as the recursive one did.
  if (missing.length === 0 && found !== undefined && !found.isDirectory()) mkdirSync(at);
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Made meanwhile by another process (two runs starting at once): as good as made here.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
