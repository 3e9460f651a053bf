// What every command gets: streams, environment, language. Commands return an exit code; only main.ts exits.
import type { Lang } from '../i18n/index.js';

export interface CliContext {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/** A command module. Its one-line summary for `runbook --help` lives in the registry (commands.ts), so help loads no command. */
export interface Command {
  /** Full usage text for `runbook <command> --help`. */
  usage: { en: string; 'zh-CN': string };
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}
