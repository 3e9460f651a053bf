// Lint findings as GitHub Actions annotations (`::error file=…,line=…::…`), escaped so nothing else can become a command.
import { workflowCommand } from '../../github.js';
import type { LintFileResult } from '../lint.js';
import { translator, type Translator } from '../../../i18n/index.js';
import { reviewCatalog, type ReviewKey } from '../../../i18n/review.js';
import { includedFromText, oneLine } from './text.js';

/** `t` words the "included from" note in the language of the findings (the CLI passes it; default English). */
export function formatLintGithub(results: readonly LintFileResult[], t: Translator<ReviewKey> = translator(reviewCatalog, 'en')): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const f of result.findings) {
      const parts = [f.message, ...(f.hint ? [f.hint] : []), ...(f.includedFrom ? [t('lint.includedFrom', { where: includedFromText(f.includedFrom) })] : [])];
      // One line per part (message, hint, where it was included from); a value's own break is shown as ␤.
      const message = parts.map(oneLine).join('\n');
      lines.push(
        workflowCommand(
          f.severity,
          { file: f.file, line: f.line, col: f.col, endLine: f.endLine, endColumn: f.endLine === f.line ? f.endCol : undefined, title: `runbook lint: ${f.rule}` },
          message,
        ),
      );
    }
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
