// What every command gets (streams, environment, language) and how a command is defined: its usage, how its
// arguments are parsed, and what it does with them. Commands return an exit code; only main.ts exits.
import type { Lang } from '../i18n/index.js';
import { validArguments, type Parsed } from './arguments/diagnostics.js';

export interface CliContext {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  lang: Lang;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
}

/** What parsing arguments needs: the language of its messages; the environment and folder for hints that name a path. */
export type ArgumentContext = Pick<CliContext, 'lang' | 'env' | 'cwd'>;

export interface Usage {
  en: string;
  'zh-CN': string;
}

/** A command module. Its one-line summary for `runbook --help` lives in the registry (commands.ts), so help loads no command. */
export interface Command {
  /** Full usage text for `runbook <command> --help`. */
  usage: Usage;
  /** Runs the command with the arguments after its name; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
  /** Its arguments parser (src/cli/arguments/<command>.ts), which `run` calls first. */
  parse?(argv: readonly string[], ctx: ArgumentContext): Parsed<unknown>;
}

/** A command as written: its arguments parsed (src/cli/arguments/) into `A` before it runs. */
export interface CommandSpec<A> {
  usage: Usage;
  parse(argv: readonly string[], ctx: ArgumentContext): Parsed<A>;
  run(args: A, ctx: CliContext): Promise<number>;
}

/** A command whose `run` parses the command line first: a problem in it is a UserError (exit 2) before anything runs. */
export function defineCommand<A>(spec: CommandSpec<A>): Command {
  return {
    usage: spec.usage,
    parse: spec.parse,
    async run(argv, ctx) {
      return spec.run(validArguments(spec.parse(argv, ctx)), ctx);
    },
  };
}
