// The arguments of `runbook validate [files or folders...] [--format text|json|github]`.
import { translator } from '../../i18n/index.js';
import { validateCatalog } from '../../i18n/validate.js';
import { DIAGNOSTIC_FORMATS, type DiagnosticFormat } from '../../ui/diagnostics.js';
import type { ArgumentContext } from '../context.js';
import type { Parsed } from './diagnostics.js';
import { FORMAT_OPTION } from './options.js';
import { ArgumentParser } from './parser.js';

export interface ValidateArguments {
  /** Files, folders or playbook names; the current folder when none is given. */
  paths: string[];
  format: DiagnosticFormat;
}

export function parseValidate(argv: readonly string[], ctx: ArgumentContext): Parsed<ValidateArguments> {
  const parser = new ArgumentParser('validate', ctx.lang);
  const line = parser.read(argv, { ...FORMAT_OPTION });
  if (!line) return parser.failure();
  const format = line.values.format ?? 'text';
  if (!(DIAGNOSTIC_FORMATS as readonly string[]).includes(format)) {
    parser.problem(translator(validateCatalog, ctx.lang)('badFormat', { format, formats: DIAGNOSTIC_FORMATS.join(', ') }));
  }
  return parser.result(() => ({ paths: line.positionals.length > 0 ? line.positionals : ['.'], format: format as DiagnosticFormat }));
}
