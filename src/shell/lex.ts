// The one shell lexer: quotes, simple commands (through pipes, lists, subshells, `$(...)`, backticks), redirects, heredocs, wrappers.
import { scan } from './scan.js';

export { hasOpenQuote, quoteMap, type QuoteState } from './quotes.js';
export { unwrap } from './unwrap.js';

export interface Word {
  /** The word with quotes removed. */
  value: string;
  start: number;
  end: number;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `>&`, `&>`, `&>>`, `<`, `<<`, `<<-`, `<<<`, `<&`, `<>` (a file descriptor before it is dropped). */
  op: string;
  /** The target with quotes removed (a file, `&1`-style descriptor digits, a heredoc delimiter). */
  target: string;
  start: number;
  end: number;
}

/** One simple command: its words (redirects taken out), redirects, heredoc bodies, and where it sits in the text. */
export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
  /** Bodies of `<<EOF` heredocs fed to this command (data, not commands). */
  heredocs: string[];
  /** Offsets of the command in the text (first to last token); -1 when unknown. */
  start: number;
  end: number;
  /** 0 at top level; 1 and more inside `$(...)`, backticks or `<(...)`. */
  depth: number;
}

export interface ParsedShell {
  /** Every simple command, those inside substitutions included (before the command that holds them). */
  commands: SimpleCommand[];
  /** Names of the shell functions the text defines (`name() {`, `function name`). */
  functions: Set<string>;
}

/** Parses shell text into its simple commands. A heuristic lexer, not a full shell grammar: it never throws. */
export function parseShell(cmd: string): ParsedShell {
  const parsed: ParsedShell = { commands: [], functions: new Set() };
  scan(cmd, 0, cmd.length, 0, parsed);
  return parsed;
}

/** The top-level simple commands of a command line (split on `|`, `&&`, `||`, `;`, `&`, newlines outside quotes), as words. */
export function simpleCommands(cmd: string): Word[][] {
  return parseShell(cmd)
    .commands.filter((c) => c.depth === 0)
    .map((c) => c.words);
}
