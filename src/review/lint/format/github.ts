// Lint findings as GitHub Actions annotations (`::error file=…,line=…::…`), escaped so nothing else can become a command.
import { workflowCommand } from '../../github.js';
import { showControls } from '../../markdown.js';
import type { LintFileResult } from '../lint.js';

export function formatLintGithub(results: readonly LintFileResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const f of result.findings) {
      const message = showControls(f.hint ? `${f.message}\n${f.hint}` : f.message);
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
