// The options every command takes: `--lang` (anywhere on the line), `--help`/`-h`, `--version`/`-V`.

/** Splits `--lang X` / `--lang=X` (allowed anywhere) from the other arguments; `--lang` without a value gives ''. */
export function takeLangFlag(argv: readonly string[]): { lang: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--lang') {
      lang = argv[++i] ?? '';
    } else if (arg.startsWith('--lang=')) {
      lang = arg.slice('--lang='.length);
    } else {
      rest.push(arg);
    }
  }
  return { lang, rest };
}

/** `--help` or `-h` among a command's arguments: its usage is printed instead of running it. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** `runbook --version` / `runbook -V`. */
export function isVersionFlag(arg: string | undefined): boolean {
  return arg === '--version' || arg === '-V';
}

/** `runbook --help`, `runbook -h`, `runbook help [command]`. */
export function isHelpWord(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h' || arg === 'help';
}
