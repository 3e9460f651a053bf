// Lint findings as one JSON document: files (with the include that brought each in), findings, counts.
import type { LintFileResult } from '../lint.js';

export function formatLintJson(results: readonly LintFileResult[]): string {
  const findings = results.flatMap((r) => r.findings);
  return (
    JSON.stringify(
      {
        files: results.map((r) => ({ file: r.file, invalid: r.invalid, ...(r.includedFrom ? { includedFrom: r.includedFrom } : {}) })),
        findings,
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
      },
      null,
      2,
    ) + '\n'
  );
}
