// Lint findings as SARIF 2.1.0 (for code scanning): one run, the rules with their docs, results with regions.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { rules } from '../rules/index.js';
import { INVALID_RULE, type LintFileResult } from '../lint.js';
import { docsPath } from './text.js';

function descriptor(id: string, summary: string, level: 'error' | 'warning'): ReportingDescriptor {
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: summary },
    help: { text: `${summary}. See ${docsPath(id)}.`, markdown: `${summary}. See [${docsPath(id)}](${docsPath(id)}).` },
    defaultConfiguration: { level },
  };
}

export function formatLintSarif(results: readonly LintFileResult[], version: string): string {
  const descriptors = [
    ...rules.map((r) => descriptor(r.id, r.summary.en, r.severity)),
    descriptor(INVALID_RULE, 'The file is not a valid playbook', 'error'),
  ];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const sarifResults: Result[] = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: index.get(f.rule) ?? 0,
      level: f.severity,
      message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file.split('\\').join('/'), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.line,
              startColumn: f.col,
              ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
              ...(f.endCol !== undefined && f.endLine !== undefined ? { endColumn: f.endCol } : {}),
            },
          },
        },
      ],
    })),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'runbook', version, informationUri: 'https://www.npmjs.com/package/runbook', rules: descriptors } },
        results: sarifResults,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
