// How a `run` command is started: bash with fixed options, found once per PATH, and the command as a process runs it.
import { commandPath } from './command-path.js';

/** How `run` commands are executed (documented in docs/engine.md): like GitHub Actions' bash shell. */
export const shellArgs = (command: string): string[] => ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command];

/** A command ready to run: its text, where values stand only as `"${RUNBOOK_V_<n>}"`, and those variables. */
export interface ShellCommand {
  command: string;
  env: Record<string, string>;
}

/**
 * bash's path on a command's PATH, looked up once per PATH value: spawned by name, every step's exec
 * would try each directory of PATH in turn (a failed execve each) before it finds it. The same file
 * execvp would run; just 'bash' when PATH holds a relative directory (resolved in the step's cwd).
 */
export const shellPath = (path: string | undefined): string => commandPath('bash', path);
