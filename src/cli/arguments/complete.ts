// The arguments of `runbook __complete <kind> [command] [option]`, called by the completion scripts. Never a problem:
// completion must not print errors into the user's prompt, so an unknown kind is simply no candidates.
import type { Parsed } from './diagnostics.js';

export const COMPLETION_KINDS = ['commands', 'options', 'values', 'langs', 'playbooks', 'runs', 'locks', 'steps'] as const;

export interface CompleteArguments {
  /** What to list (one of COMPLETION_KINDS; anything else lists nothing). */
  kind: string | undefined;
  /** The command whose options or option values are listed. */
  command: string | undefined;
  /** The option whose values are listed (`--format`). */
  option: string | undefined;
  /** `steps`: the words of the command line after the command (the playbook is among them). */
  rest?: string[];
}

export function parseComplete(argv: readonly string[]): Parsed<CompleteArguments> {
  const [kind, command, option, ...rest] = argv;
  return { args: { kind, command, option, ...(rest.length > 0 ? { rest } : {}) } };
}
