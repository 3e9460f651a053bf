// A draft written by `record`, `import` or `new` that does not validate: a bug of ours (exit 70), said with the
// draft's errors; the file is kept, so that nothing typed is lost.
import { ExitCode, UserError } from '../engine/errors.js';
import type { Draft } from '../authoring/draft.js';
import type { Written } from '../authoring/write.js';
import type { Lang } from '../i18n/index.js';
import { authoringText } from '../i18n/authoring.js';

type Diagnostics = readonly { severity: string; message: string }[];

/** `message` and the draft's errors, one per line; undefined when it has none. */
export function invalidDraftText(diagnostics: Diagnostics, message: string): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return undefined;
  return `${message}\n${errors.map((e) => `  ${e.message}`).join('\n')}`;
}

/** Writes the draft's errors (if any) to `stderr`; the exit code: 70 with errors, else 0. */
export function reportInvalidDraft(diagnostics: Diagnostics, message: string, stderr: NodeJS.WritableStream): number {
  const text = invalidDraftText(diagnostics, message);
  if (text === undefined) return ExitCode.ok;
  stderr.write(text + '\n');
  return ExitCode.bug;
}

/**
 * Writes a draft made of what a person typed (`record`'s session, `new`'s answers). When it cannot be written, its
 * text goes to `stdout` before the error, so that none of it is lost.
 */
export async function writeTypedDraft(draft: Draft, file: string, options: { cwd: string; force?: boolean; lang: Lang }, stdout: NodeJS.WritableStream): Promise<Written> {
  const { DraftWriteError, writeDraftFile } = await import('../authoring/write.js');
  try {
    return await writeDraftFile(draft, file, options);
  } catch (error) {
    if (!(error instanceof DraftWriteError)) throw error;
    stdout.write(error.text.endsWith('\n') ? error.text : error.text + '\n');
    throw new UserError(error.message, { hint: authoringText(options.lang)('draft.cannotWriteShown'), cause: error });
  }
}
