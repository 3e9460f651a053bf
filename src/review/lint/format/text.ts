// Lint findings for people: `file:line:col  severity  message  [rule]`, a hint, where the file was included from and the rule's docs page.
import type { Translator } from '../../../i18n/index.js';
import type { ReviewKey } from '../../../i18n/review.js';
import { showControls } from '../../markdown.js';
import type { LintFileResult } from '../lint.js';
import type { IncludedFrom } from '../types.js';

export function docsPath(rule: string): string {
  return `docs/lint/${rule}.md`;
}

/** `file:line` of the include step that brought a file in. */
export function includedFromText(from: IncludedFrom): string {
  return `${from.file}:${from.line}`;
}

export function formatLintText(results: readonly LintFileResult[], t: Translator<ReviewKey>): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    for (const f of result.findings) {
      if (f.severity === 'error') errors++;
      else warnings++;
      lines.push(`${f.file}:${f.line}:${f.col}  ${t(`lint.severity.${f.severity}`)}  ${showControls(f.message)}  [${f.rule}]`);
      if (f.hint) lines.push(`    ${t('lint.hint', { hint: showControls(f.hint) })}`);
      if (f.includedFrom) lines.push(`    ${t('lint.includedFrom', { where: showControls(includedFromText(f.includedFrom)) })}`);
      if (f.rule !== 'invalid-playbook') lines.push(`    ${t('lint.docs', { url: docsPath(f.rule) })}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(errors + warnings === 0 ? t('lint.clean', { files: results.length }) : t('lint.summary', { errors, warnings, files: results.length }));
  return lines.join('\n') + '\n';
}
