// A draft written by `record`, `import` or `new` that does not validate: a bug of ours (exit 70), said with the
// draft's errors; the file is kept, so that nothing typed is lost.
import { ExitCode } from '../engine/errors.js';

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
