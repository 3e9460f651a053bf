// Emits a draft for a target file, checks it with the full validator, and writes it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkDraft } from './check.js';
import type { Draft } from './draft.js';
import { emitDraft, schemaRefFor } from './emit.js';
import type { Diagnostic } from '../engine/errors.js';
import type { Lang } from '../engine/text.js';

export interface Written {
  file: string;
  text: string;
  /** Problems the full validator found (errors would be a bug of the authoring code). */
  diagnostics: Diagnostic[];
}

/** Writes `draft` to `file` (relative to `cwd`); `force` overwrites. */
export async function writeDraftFile(draft: Draft, file: string, options: { cwd: string; force?: boolean; lang?: Lang }): Promise<Written> {
  const absolute = resolve(options.cwd, file);
  const text = emitDraft(draft, schemaRefFor(absolute));
  const diagnostics = await checkDraft(text, file, { absolutePath: absolute, ...(options.lang ? { lang: options.lang } : {}) });
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, text, { flag: options.force ? 'w' : 'wx' });
  return { file, text, diagnostics };
}

export function fileExists(file: string, cwd: string): boolean {
  return existsSync(resolve(cwd, file));
}
