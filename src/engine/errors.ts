// The one errors module: user-fixable errors (message, hint, location) versus bugs, and exit codes.

/** Documented exit codes of `runbook` (README "Exit codes"). Only src/cli turns them into process exits. */
export const ExitCode = {
  ok: 0,
  failed: 1, // a step failed; completed steps were rolled back cleanly
  invalid: 2, // invalid input: playbook, parameters, command line
  preconditionFailed: 3, // nothing was changed
  rollbackFailed: 4, // a human must look
  locked: 5, // another run holds the lock
  bug: 70, // an internal error: please report
  interrupted: 130, // SIGINT
  terminated: 143, // SIGTERM
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A place in a file, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

/** One problem found in a playbook or in the input, with where it is and what to do. */
export interface Diagnostic {
  /** Stable machine code, e.g. `schema.unknown-key`, `template.unknown-name`. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  location?: SourceLocation;
}

/** An error the user can fix. Carries its exit code, a hint and, where known, diagnostics with locations. */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
  constructor(
    message: string,
    options: { exitCode?: ExitCodeValue; hint?: string; diagnostics?: readonly Diagnostic[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? ExitCode.invalid;
    this.hint = options.hint;
    this.diagnostics = options.diagnostics ?? [];
  }
}

/** The playbook (or its parameters) is invalid: exit 2 with every diagnostic. */
export class InvalidPlaybookError extends UserError {
  readonly file: string;
  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super(`${file}: ${errors} error${errors === 1 ? '' : 's'}`, { exitCode: ExitCode.invalid, diagnostics });
    this.name = 'InvalidPlaybookError';
    this.file = file;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
