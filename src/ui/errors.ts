// Formats a UserError for the terminal: message, diagnostics, hint.
import type { UserError } from '../engine/errors.js';
import type { Lang } from '../i18n/index.js';

export function formatUserError(error: UserError, lang: Lang): string {
  const lines = [`runbook: ${error.message}`];
  for (const d of error.diagnostics) {
    const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : '';
    lines.push(`  ${where}${d.message}`);
    if (d.hint) lines.push(`    ${lang === 'zh-CN' ? '提示' : 'hint'}: ${d.hint}`);
  }
  if (error.hint) lines.push(`${lang === 'zh-CN' ? '提示' : 'hint'}: ${error.hint}`);
  return lines.join('\n');
}
