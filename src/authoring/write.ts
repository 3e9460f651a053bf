// Emits a draft for a target file, checks it with the full validator, and writes it.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDraft } from './check.js';
import type { Draft } from './draft.js';
import { emitDraft, schemaRefFor } from './emit.js';
import type { Diagnostic } from '../engine/errors.js';
import type { Lang } from '../engine/text.js';
import { makeDirs, sayFsError } from '../engine/run/fs-errors.js';
import { UserError } from '../engine/errors.js';
import { authoringText } from '../i18n/authoring.js';
import { showLineBreaks } from '../engine/escapes.js';

export interface Written {
  /** The file written: `file` as asked, or a free name beside it when `file` was taken meanwhile (see `wanted`). */
  file: string;
  /** Set when the file asked for appeared between the caller's check and the write: nothing was overwritten. */
  wanted?: string;
  text: string;
  /** Problems the full validator found (errors would be a bug of the authoring code). */
  diagnostics: Diagnostic[];
}

/** Writes `draft` to `file` (relative to `cwd`); `force` overwrites. */
export async function writeDraftFile(draft: Draft, file: string, options: { cwd: string; force?: boolean; lang?: Lang }): Promise<Written> {
  const absolute = resolve(options.cwd, file);
  const text = emitDraft(draft, schemaRefFor(absolute));
  const diagnostics = await checkDraft(text, file, { absolutePath: absolute, ...(options.lang ? { lang: options.lang } : {}) });
  const lang = options.lang ?? 'en';
  try {
    makeDirs(dirname(absolute));
    if (options.force) {
      writeFileSync(absolute, text);
      return { file, text, diagnostics };
    }
  } catch (error) {
    throw new DraftWriteError(file, text, error, lang);
  }
  // Created exclusively. The callers checked that the name was free, but another run may have taken it since (two
  // `runbook record` started in the same second share their default name): then the draft — a whole recorded
  // session, or the wizard's answers — goes to the first free `<name>-2.yaml`, `-3`, …, never lost, never over another.
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? file : numbered(file, n);
    try {
      writeFileSync(resolve(options.cwd, candidate), text, { flag: 'wx' });
      return { file: candidate, text, diagnostics, ...(n > 1 ? { wanted: file } : {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= MAX_NUMBERED) throw new DraftWriteError(candidate, text, error, lang);
    }
  }
}

/**
 * A draft that could not be written (a folder that cannot be made, a file that cannot be created), in the user's
 * words; it carries the draft's text, so that a command can show it instead of losing what was typed.
 */
export class DraftWriteError extends UserError {
  constructor(
    readonly file: string,
    readonly text: string,
    error: unknown,
    lang: Lang,
  ) {
    const t = authoringText(lang);
    super(t('draft.cannotWrite', { file: showLineBreaks(file), reason: sayFsError(error, lang) }), { hint: t('draft.cannotWriteHint'), cause: error });
    this.name = 'DraftWriteError';
  }
}

/** Numbered names tried beside a taken one before giving up (the error then says the file exists). */
const MAX_NUMBERED = 99;

/** `dir/name.yaml` → `dir/name-<n>.yaml` (the number before the extension, if there is one). */
function numbered(file: string, n: number): string {
  const extension = /\.[^./\\]+$/.exec(file)?.[0] ?? '';
  return `${file.slice(0, file.length - extension.length)}-${n}${extension}`;
}

export function fileExists(file: string, cwd: string): boolean {
  return existsSync(resolve(cwd, file));
}
