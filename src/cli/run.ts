// Runs the CLI with a command registry: picks the command, runs it, prints user errors, sets the exit code.
// Shared by the full CLI (main.ts) and the fast `validate` bundle (fast-validate.ts).
import type { CommandEntry } from './commands.js';
import type { CliContext } from './context.js';
import { detectLang, langOfFlag, SUPPORTED_LANGS } from '../i18n/index.js';
import { ExitCode, isUserError } from '../engine/errors.js';
import { VERSION } from '../version.js';
import { asksForHelp, isHelpWord, isVersionFlag, takeLangFlag } from './arguments/global.js';

/** Loads `runbook --help` and the unknown-command message (help.ts lists every command, so it is passed in). */
export type HelpLoader = () => Promise<typeof import('./help.js')>;

export function runCli(argv: readonly string[], commands: Record<string, Pick<CommandEntry, 'load'>>, loadHelp: HelpLoader): void {
  const { lang: langFlag, rest } = takeLangFlag(argv);
  const lang = detectLang(langFlag);

  async function main(): Promise<number> {
    if (langFlag !== undefined && langOfFlag(langFlag) === undefined) {
      // Said in the language of the environment: the one asked for is not there.
      const message =
        lang === 'zh-CN'
          ? `runbook：不支持的语言 ${JSON.stringify(langFlag)}（--lang）；可用：${SUPPORTED_LANGS.join('、')}`
          : `runbook: unknown language ${JSON.stringify(langFlag)} for --lang; supported: ${SUPPORTED_LANGS.join(', ')}`;
      process.stderr.write(message + '\n');
      return ExitCode.invalid;
    }
    // Streams are created on first use: a command that prints nothing (or only a line) should not pay for stdin.
    const ctx: CliContext = {
      argv: rest,
      cwd: process.cwd(),
      env: process.env,
      lang,
      get stdout() {
        return process.stdout;
      },
      get stderr() {
        return process.stderr;
      },
      get stdin() {
        return process.stdin;
      },
    };
    const [name, ...args] = rest;
    if (isVersionFlag(name)) {
      ctx.stdout.write(`runbook ${VERSION}\n`);
      return ExitCode.ok;
    }
    if (name === undefined) {
      // No command is a mistake, not a request for help: the usage goes to stderr and the exit code says so.
      const { printUsageError } = await loadHelp();
      return printUsageError(ctx);
    }
    if (isHelpWord(name)) {
      const { printHelp } = await loadHelp();
      return printHelp(ctx, name === 'help' ? args[0] : undefined);
    }
    const entry = commands[name];
    if (!entry) {
      const { unknownCommand } = await loadHelp();
      return unknownCommand(ctx, name);
    }
    const { command } = await entry.load();
    if (asksForHelp(args)) {
      ctx.stdout.write(command.usage[lang] + '\n');
      return ExitCode.ok;
    }
    return command.run(args, ctx);
  }

  main().then(
    (code) => {
      process.exitCode = code;
    },
    async (error: unknown) => {
      if (isUserError(error)) {
        // Loaded only when there is an error to show: a successful run never pays for the formatter.
        const { formatUserError } = await import('../ui/errors.js');
        const color = process.stderr.isTTY === true && !process.env.NO_COLOR;
        process.stderr.write(formatUserError(error, lang, { color }) + '\n');
        process.exitCode = error.exitCode;
      } else {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        const what = lang === 'zh-CN' ? '内部错误（这是一个缺陷，请附上以下信息报告）' : 'internal error (a bug, please report it with this trace)';
        process.stderr.write(`runbook: ${what}${lang === 'zh-CN' ? '：' : ':'}\n${detail}\n`);
        process.exitCode = ExitCode.bug;
      }
    },
  );
}
