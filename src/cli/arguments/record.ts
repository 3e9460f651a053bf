// The arguments of `runbook record [-o file] [--shell bash|zsh] [--name name] [--force] [--no-rc]`.
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { ArgumentParser } from './parser.js';

export interface RecordArguments {
  /** `-o, --output FILE`; undefined: recorded-<time>.yaml. */
  output: string | undefined;
  /** `--shell`; undefined: $SHELL. Checked when the session starts (a path to a shell is allowed). */
  shell: string | undefined;
  /** `--name`; undefined: from the output file's name. */
  name: string | undefined;
  force: boolean;
  /** Load ~/.bashrc / ~/.zshrc (not with `--no-rc`). */
  rc: boolean;
}

export function parseRecord(argv: readonly string[], ctx: ArgumentContext): Parsed<RecordArguments> {
  const parser = new ArgumentParser('record', ctx.lang);
  const options = { output: { type: 'string', short: 'o' }, shell: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' }, 'no-rc': { type: 'boolean' } } as const;
  const line = parser.read(argv, options, false);
  if (!line) return parser.failure();
  const { values } = line;
  return parser.result(() => ({ output: values.output, shell: values.shell, name: values.name, force: values.force === true, rc: values['no-rc'] !== true }));
}
