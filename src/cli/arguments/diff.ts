// The arguments of `runbook diff <old> <new> [--format text|markdown] [--param name=value ...] [--exit-code]`.
import { cliText } from '../../i18n/cli.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { FORMAT_OPTION, PARAM_OPTION, readParams } from './options.js';
import { ArgumentParser } from './parser.js';

export const DIFF_FORMATS = ['text', 'markdown'] as const;

export interface DiffArguments {
  /** Each a file, a name in the playbook path, or `git:<ref>:<path>`. */
  old: string;
  new: string;
  format: (typeof DIFF_FORMATS)[number];
  params: Record<string, string>;
  /** `--exit-code`: exit 1 when the versions differ in what they run. */
  exitCode: boolean;
}

export function parseDiff(argv: readonly string[], ctx: ArgumentContext): Parsed<DiffArguments> {
  const parser = new ArgumentParser('diff', ctx.lang);
  const line = parser.read(argv, { ...FORMAT_OPTION, ...PARAM_OPTION, 'exit-code': { type: 'boolean' } });
  if (!line) return parser.failure();
  const format = parser.oneOf('format', line.values.format, DIFF_FORMATS, 'text');
  if (line.positionals.length !== 2) parser.problem(cliText(ctx.lang)('diff.twoVersions'), 'runbook diff git:main:runbooks/a.yaml runbooks/a.yaml');
  const params = readParams(parser, line.values.param);
  const [before, after] = line.positionals as [string, string];
  return parser.result(() => ({ old: before, new: after, format, params, exitCode: line.values['exit-code'] === true }));
}
