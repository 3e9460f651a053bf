// The arguments of `runbook completion bash|zsh`.
import { cliText } from '../../i18n/cli.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';

export const SHELLS = ['bash', 'zsh'] as const;

export interface CompletionArguments {
  shell: (typeof SHELLS)[number];
}

export function parseCompletion(argv: readonly string[], ctx: ArgumentContext): Parsed<CompletionArguments> {
  const parser = new ArgumentParser('completion', ctx.lang);
  const line = parser.read(argv, {});
  if (!line) return parser.failure();
  const [shell] = line.positionals;
  const known = SHELLS.find((s) => s === shell);
  if (line.positionals.length !== 1 || known === undefined) parser.problem(cliText(ctx.lang)('completion.shell', { shell: shell ?? '' }), 'runbook completion bash');
  return parser.result(() => ({ shell: known! }));
}
