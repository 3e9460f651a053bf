// The options a command's --help defines (its usage lines and option list), read from the help text itself:
// shell completion offers them, and a test holds README to the same list.

function flags(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
}

/** `--format`, `--param`, … of a usage text, sorted, each once (`--help` and `--lang` are everyone's). */
export function usageOptions(usage: string): string[] {
  const lines = usage.split('\n');
  const synopsis = lines.filter((l) => /^(Usage:|用法：|\s+runbook )/.test(l)).flatMap(flags);
  const listed = lines.map((l) => /^\s{2,}(?:-\w,\s+)?(--[a-z][a-z-]*)/.exec(l)?.[1]).filter((o): o is string => o !== undefined);
  return [...new Set([...synopsis, ...listed])].filter((o) => o !== '--help' && o !== '--lang' && o !== '--version').sort();
}

/** The values an option lists in the usage (`--format text|json|github` → text, json, github); none when it lists none. */
export function usageValues(usage: string, option: string): string[] {
  const escaped = option.replace(/[-]/g, '\\-');
  const m = new RegExp(`(?<![\\w-])${escaped}[ =]([a-z][\\w-]*(?:\\|[a-z][\\w-]*)+)`).exec(usage);
  return m ? m[1]!.split('|') : [];
}
