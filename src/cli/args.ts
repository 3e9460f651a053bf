// Command-line parsing shared by the commands: node:util parseArgs with errors a user can act on.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../engine/errors.js';
import { parseParamArgs } from '../engine/params.js';
import { didYouMean } from '../engine/suggest.js';
import type { Lang } from '../i18n/index.js';
import { cliText } from '../i18n/cli.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The option as a user types it, from node's `'-p, --param <value>'`: the long form (`--param`). */
function optionName(quoted: string): string {
  return /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
}

/** The user's words for a parseArgs error, by its code; node's text only for a code we do not know. */
function describe(command: string, error: unknown, t: ReturnType<typeof cliText>): { message: string; unknown?: string; hint?: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) return { message: t('unknownOption', { command, option: quoted }), unknown: quoted };
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted) return { message: t('unexpectedArgument', { command, argument: quoted }) };
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    const option = optionName(quoted);
    const valueHint = option === '--param' ? t('paramHint') : t('valueHint', { option, command });
    if (/argument missing$/.test(message)) return { message: t('missingValue', { command, option }), hint: valueHint };
    if (/does not take an argument$/.test(message)) return { message: t('noValue', { command, option }) };
    if (/argument is ambiguous/.test(message)) return { message: t('ambiguousValue', { command, option }), hint: t('ambiguousHint', { option }) };
  }
  return { message: t('badArguments', { command, message: message.replace(/\. To specify a positional argument.*$/, '') }) };
}

/** Parses `args` strictly; an unknown or malformed option is a UserError (exit 2) naming the fix, in `lang`. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, lang: Lang, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const t = cliText(lang);
    const { message, unknown, hint: specific } = describe(command, error, t);
    let hint = specific ?? t('seeHelp', { command });
    if (unknown) {
      const names = Object.keys(options).map((n) => `--${n}`);
      const suggestion = didYouMean(unknown, names);
      if (suggestion) hint = t('didYouMean', { suggestion, hint });
    }
    throw new UserError(message, { hint });
  }
}

/** Checks a `--format`-like value against the allowed ones. */
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T, lang: Lang): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(cliText(lang)('oneOf', { command, option, allowed: allowed.join(', '), value: JSON.stringify(value) }));
}

/** Parses the `--param name=value` arguments of a command; a malformed one is a UserError in `lang`. */
export function commandParams(command: string, pairs: readonly string[] | undefined, lang: Lang): Record<string, string> {
  try {
    return parseParamArgs(pairs ?? [], lang);
  } catch (error) {
    const t = cliText(lang);
    throw new UserError(t('badParam', { command, reason: (error as Error).message }), { hint: t('paramHint') });
  }
}
