// Command-line parsing shared by the commands: node:util parseArgs with errors a user can act on.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../engine/errors.js';
import { didYouMean } from '../engine/suggest.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` strictly; an unknown or malformed option is a UserError (exit 2) naming the fix. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    let hint = `see \`runbook ${command} --help\``;
    if (unknown) {
      const names = Object.keys(options).map((n) => `--${n}`);
      const suggestion = didYouMean(unknown[1]!, names);
      if (suggestion) hint = `did you mean ${suggestion}? (${hint})`;
    }
    throw new UserError(`${command}: ${message.replace(/\. To specify a positional argument.*$/, '')}`, { hint });
  }
}

/** Checks a `--format`-like value against the allowed ones. */
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(`${command}: --${option} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
}
