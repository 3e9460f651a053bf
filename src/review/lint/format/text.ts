// Lint findings for people: `file:line:col  severity  message  [rule]`, a hint, where the file was included from and the rule's docs page.
import type { Translator } from '../../../i18n/index.js';
import type { ReviewKey } from '../../../i18n/review.js';
import { showLineBreaks } from '../../../engine/escapes.js';
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

/**
 * A file name, message or hint inside one line of a finding: controls shown, and line breaks (`␤`), so a key or
 * value quoted from the playbook cannot start a line that reads like lint's own. JSON and SARIF keep the raw text.
 */
export function oneLine(text: string): string {
  return showLineBreaks(showControls(text));
}

export function formatLintText(results: readonly LintFileResult[], t: Translator<ReviewKey>): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    for (const f of result.findings) {
      if (f.severity === 'error') errors++;
      else warnings++;
      lines.push(`${oneLine(f.file)}:${f.line}:${f.col}  ${t(`lint.severity.${f.severity}`)}  ${oneLine(f.message)}  [${f.rule}]`);
      if (f.hint) lines.push(`    ${t('lint.hint', { hint: oneLine(f.hint) })}`);
      if (f.includedFrom) lines.push(`    ${t('lint.includedFrom', { where: oneLine(includedFromText(f.includedFrom)) })}`);
      if (f.rule !== 'invalid-playbook') lines.push(`    ${t('lint.docs', { url: docsPath(f.rule) })}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(errors + warnings === 0 ? t('lint.clean', { files: results.length }) : t('lint.summary', { errors, warnings, files: results.length }));
  return lines.join('\n') + '\n';
}
