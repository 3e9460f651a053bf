// Formats a UserError for the terminal: what went wrong, each diagnostic with its source lines, and what to do.
import { InvalidPlaybookError, type Diagnostic, type UserError } from '../engine/errors.js';
import type { Lang } from '../i18n/index.js';
import { formatDiagnosticsText, oneLine, sanitize, type FileDiagnostics } from './diagnostics.js';

export interface UserErrorFormatOptions {
  /** ANSI colours (only when writing to a terminal and NO_COLOR is unset). */
  color?: boolean;
}

/**
 * `runbook: <message>`, then the diagnostics grouped by file in go-task style
 * (`file:line:col: error: ...`, the offending lines with a marker, `hint: ...`), then the error's own hint.
 */
export function formatUserError(error: UserError, lang: Lang, options: UserErrorFormatOptions = {}): string {
  const lines = [`runbook: ${sanitize(headline(error, lang))}`];
  if (error.diagnostics.length > 0) {
    const fallback = error instanceof InvalidPlaybookError ? error.file : 'runbook';
    const text = formatDiagnosticsText(groupByFile(error.diagnostics, fallback), { lang, color: options.color ?? false });
    lines.push(text.trimEnd());
  }
  if (error.hint) lines.push(`${lang === 'zh-CN' ? '提示：' : 'hint: '}${sanitize(error.hint)}`);
  return lines.join('\n');
}

/**
 * The first line: an invalid playbook is summed up in the user's language (its file name kept on the line),
 * other errors say their message (some span lines on purpose, e.g. the hosts left to roll back).
 */
function headline(error: UserError, lang: Lang): string {
  if (!(error instanceof InvalidPlaybookError)) return error.message;
  const errors = error.diagnostics.filter((d) => d.severity === 'error').length;
  const file = oneLine(error.file);
  if (lang === 'zh-CN') return `${file}：${errors} 个错误`;
  return `${file}: ${errors} error${errors === 1 ? '' : 's'}`;
}

/** Diagnostics by file; one without a location belongs to `fallback` (the playbook the error is about). */
function groupByFile(diagnostics: readonly Diagnostic[], fallback: string): FileDiagnostics[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const file = d.location?.file ?? '';
    const list = byFile.get(file) ?? [];
    list.push(d);
    byFile.set(file, list);
  }
  return [...byFile].map(([file, list]) => ({ file: file || fallback, diagnostics: list }));
}
