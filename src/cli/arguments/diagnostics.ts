// What parsing a command line gives a command: its typed arguments, or the problems found, each with what to write instead.
import { UserError } from '../../engine/errors.js';
import { showLineBreaks } from '../../engine/escapes.js';

/** One problem of a command line, in the user's language: what is wrong and, where we can say it, what to write. */
export interface ArgumentDiagnostic {
  message: string;
  hint?: string;
}

/** A command's arguments, or (any problem at all) the problems in the order they were found; never both. */
export type Parsed<T> = { args: T; diagnostics?: undefined } | { args?: undefined; diagnostics: readonly [ArgumentDiagnostic, ...ArgumentDiagnostic[]] };

/**
 * The arguments, or the first problem as a UserError (exit 2). One problem is reported at a time, as the
 * user fixes them one at a time: the first is the most basic (an unknown option before a missing file).
 */
export function validArguments<T>(parsed: Parsed<T>): T {
  if (parsed.diagnostics === undefined) return parsed.args;
  const [first] = parsed.diagnostics;
  // A problem is one line and quotes what was typed (an argument, a value): a break in it shows as ␤.
  throw new UserError(showLineBreaks(first.message), first.hint === undefined ? {} : { hint: showLineBreaks(first.hint) });
}
