// Lint findings as SARIF 2.1.0 (for code scanning): one run, the rules with their docs, results with regions.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { rules } from '../rules/index.js';
import { INVALID_RULE, type LintFileResult } from '../lint.js';
import { docsPath, includedFromText } from './text.js';
import { translator, type Translator } from '../../../i18n/index.js';
import { reviewCatalog, type ReviewKey } from '../../../i18n/review.js';

function descriptor(id: string, summary: string, level: 'error' | 'warning'): ReportingDescriptor {
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: summary },
    help: { text: `${summary}. See ${docsPath(id)}.`, markdown: `${summary}. See [${docsPath(id)}](${docsPath(id)}).` },
    defaultConfiguration: { level },
  };
}

/** Escapes text going inside an embedded link's `[...]` of a SARIF message. */
function linkText(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

function artifact(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split('\\').join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * A finding in an included file points back at the include step: a related location (id 1), linked from
 * the message as SARIF embedded links allow. `t` words that note (the CLI passes it; default English).
 */
export function formatLintSarif(results: readonly LintFileResult[], version: string, t: Translator<ReviewKey> = translator(reviewCatalog, 'en')): string {
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
      message: {
        text:
          (f.hint ? `${f.message} (${f.hint})` : f.message) +
          (f.includedFrom ? ` (${t('lint.includedFrom', { where: `[${linkText(includedFromText(f.includedFrom))}](1)` })})` : ''),
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact(f.file),
            region: {
              startLine: f.line,
              startColumn: f.col,
              ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
              ...(f.endCol !== undefined && f.endLine !== undefined ? { endColumn: f.endCol } : {}),
            },
          },
        },
      ],
      ...(f.includedFrom
        ? {
            relatedLocations: [
              {
                id: 1,
                physicalLocation: { artifactLocation: artifact(f.includedFrom.file), region: { startLine: f.includedFrom.line, startColumn: f.includedFrom.col } },
                message: { text: t('lint.includedFrom', { where: includedFromText(f.includedFrom) }) },
              },
            ],
          }
        : {}),
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
