// The arguments layer (src/cli/arguments/) in throwing form: a problem is a UserError (exit 2) at once. For code that
// reads a command line outside a command's parse function; commands parse with src/cli/arguments/<command>.ts.
import type { Lang } from '../i18n/index.js';
import { validArguments } from './arguments/diagnostics.js';
import { readParams } from './arguments/options.js';
import { ArgumentParser, type CommandLine, type OptionSpecs } from './arguments/parser.js';

/** Parses `args` strictly; an unknown or malformed option is a UserError (exit 2) naming the fix, in `lang`. */
export function parseCommandArgs<O extends OptionSpecs>(command: string, args: readonly string[], options: O, lang: Lang, allowPositionals = true): CommandLine<O> {
  const parser = new ArgumentParser(command, lang);
  const line = parser.read(args, options, allowPositionals);
  return validArguments(line ? parser.result(() => line) : parser.failure());
}

/** Checks a `--format`-like value against the allowed ones. */
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T, lang: Lang): T {
  const parser = new ArgumentParser(command, lang);
  const chosen = parser.oneOf(option, value, allowed, fallback);
  return validArguments(parser.result(() => chosen));
}

/** Parses the `--param name=value` arguments of a command; a malformed one is a UserError in `lang`. */
export function commandParams(command: string, pairs: readonly string[] | undefined, lang: Lang): Record<string, string> {
  const parser = new ArgumentParser(command, lang);
  const params = readParams(parser, pairs);
  return validArguments(parser.result(() => params));
}
