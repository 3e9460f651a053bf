// Reads one command's command line (node:util parseArgs, strict) and collects its problems in the user's words.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../../engine/suggest.js';
import { cliText, type CliKey } from '../../i18n/cli.js';
import type { Lang, Translator } from '../../i18n/index.js';
import type { ArgumentDiagnostic, Parsed } from './diagnostics.js';

/** The options a command takes, as node:util's parseArgs declares them. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** The option values and positional arguments of a command line read against `O`. */
export type CommandLine<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** The option as a user types it, from node's `'-p, --param <value>'`: the long form (`--param`). */
function optionName(quoted: string): string {
  return /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
}

/** The user's words for a parseArgs error, by its code; node's text only for a code we do not know. */
function describe(command: string, error: unknown, t: Translator<CliKey>): ArgumentDiagnostic & { unknown?: string } {
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

/**
 * The parser of one command's arguments: each check that fails adds a problem and the parsing goes on
 * with a fallback, so that the problems of a whole command line are known (see `result`).
 */
export class ArgumentParser {
  readonly #problems: ArgumentDiagnostic[] = [];
  readonly #t: Translator<CliKey>;

  constructor(
    readonly command: string,
    readonly lang: Lang,
  ) {
    this.#t = cliText(lang);
  }

  /** Adds a problem. */
  problem(message: string, hint?: string): void {
    this.#problems.push(hint === undefined ? { message } : { message, hint });
  }

  /**
   * Reads `args` strictly against `options`; undefined (and the problem added) for an unknown or malformed
   * option, or a positional argument given to a command that takes none: nothing else can be read then.
   */
  read<O extends OptionSpecs>(args: readonly string[], options: O, allowPositionals = true): CommandLine<O> | undefined {
    try {
      return parseArgs({ args: [...args], options, allowPositionals, strict: true }) as CommandLine<O>;
    } catch (error) {
      const { message, unknown, hint: specific } = describe(this.command, error, this.#t);
      let hint = specific ?? this.#t('seeHelp', { command: this.command });
      if (unknown) {
        const suggestion = didYouMean(unknown, Object.keys(options).map((name) => `--${name}`));
        if (suggestion) hint = this.#t('didYouMean', { suggestion, hint });
      }
      this.problem(message, hint);
      return undefined;
    }
  }

  /** The value of an option that takes one of `allowed` (`--format`); `fallback` when not given, or (a problem) not one of them. */
  oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(this.#t('oneOf', { command: this.command, option, allowed: allowed.join(', '), value: JSON.stringify(value) }));
    return fallback;
  }

  /** The problems found, for a command line that could not be read (`read` gave undefined). */
  failure(): Parsed<never> {
    const [first, ...rest] = this.#problems;
    if (first === undefined) throw new Error(`${this.command}: failure() without a problem`);
    return { diagnostics: [first, ...rest] };
  }

  /** The arguments `make` builds, or the problems found; `make` is called only when there are none. */
  result<T>(make: () => T): Parsed<T> {
    const [first, ...rest] = this.#problems;
    return first === undefined ? { args: make() } : { diagnostics: [first, ...rest] };
  }
}
