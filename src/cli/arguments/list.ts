// The arguments of `runbook list [folders or files...] [--format text|json]`.
import { translator } from '../../i18n/index.js';
import { validateCatalog } from '../../i18n/validate.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { FORMAT_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export const LIST_FORMATS = ['text', 'json'] as const;

export interface ListArguments {
  /** Folders or files; none: the folders of the playbook path. */
  paths: string[];
  format: (typeof LIST_FORMATS)[number];
}

export function parseList(argv: readonly string[], ctx: ArgumentContext): Parsed<ListArguments> {
  const parser = new ArgumentParser('list', ctx.lang);
  const line = parser.read(argv, { ...FORMAT_OPTION });
  if (!line) return parser.failure();
  const format = line.values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    parser.problem(translator(validateCatalog, ctx.lang)('badFormat', { format, formats: LIST_FORMATS.join(', ') }));
  }
  return parser.result(() => ({ paths: line.positionals, format: format as ListArguments['format'] }));
}
