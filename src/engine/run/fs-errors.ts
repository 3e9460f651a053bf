// Creating the runbook home's folders, and saying in words why a file system refused: read-only, full, no permission.
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fsCatalog, type FsKey } from '../../i18n/fs.js';
import { translator, type Lang } from '../../i18n/index.js';
import { showLineBreaks } from '../escapes.js';

const words: Partial<Record<string, FsKey>> = {
  EROFS: 'fs.readOnly',
  ENOSPC: 'fs.full',
  EDQUOT: 'fs.quota',
  EACCES: 'fs.denied',
  EPERM: 'fs.denied',
  ENOENT: 'fs.missing',
  ENOTDIR: 'fs.notDir',
  EISDIR: 'fs.isDir',
  EEXIST: 'fs.exists',
  ENOTEMPTY: 'fs.notEmpty',
  EBUSY: 'fs.busy',
  EMFILE: 'fs.tooManyOpen',
  ENFILE: 'fs.tooManyOpen',
  ELOOP: 'fs.loop',
  ENAMETOOLONG: 'fs.nameTooLong',
  EXDEV: 'fs.crossDevice',
  EIO: 'fs.io',
  ETXTBSY: 'fs.textBusy',
  EFBIG: 'fs.tooLarge',
  ENXIO: 'fs.noDevice',
  EINVAL: 'fs.invalid',
};

/** Node's own message, on one line: it quotes the path (`open 'a\nb'`), which may hold a break (␤). */
function messageOf(error: unknown): string {
  return showLineBreaks(error instanceof Error ? error.message : String(error));
}

/**
 * `EROFS: read-only file system` — the code for searching, the words for reading. Never a bare code: one
 * without words of its own says it is a file system error.
 */
export function describeFsError(error: unknown, t: { readonly lang?: Lang }): string {
  return sayFsCode(error, t.lang ?? 'en');
}

/** A file system error's code with its words (`EISDIR: is a directory`), for a code kept without its error (a journal's). */
export function fsCodeText(code: string, lang: Lang): string {
  return `${code}: ${translator(fsCatalog, lang)(words[code] ?? 'fs.other')}`;
}

/**
 * A file the system refused, for a message in `lang`: in English Node's own message, as runbook always
 * showed it (`EISDIR: illegal operation on a directory, read`); in Chinese its code with the words for it
 * (`ENOENT: 文件或目录不存在`, `EISDIR: 是一个目录`). An error without a code: its message.
 */
export function sayFsError(error: unknown, lang: Lang): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (lang === 'en' || typeof code !== 'string') return messageOf(error);
  return fsCodeText(code, lang);
}

/** The code with its words in `lang` (`ENOENT: no such file or directory`), not Node's message (which repeats the path). */
export function sayFsCode(error: unknown, lang: Lang): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return messageOf(error);
  return fsCodeText(code, lang);
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
