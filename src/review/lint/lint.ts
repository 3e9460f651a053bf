// Runs the lint rules over loaded playbooks; invalid playbooks become findings (and exit 2 in the CLI).
import type { LoadedPlaybook } from '../../engine/loaded.js';
import { InvalidPlaybookError, UserError, type Diagnostic } from '../../engine/errors.js';
import type { Lang } from '../../engine/text.js';
import { translator } from '../../i18n/index.js';
import { reviewCatalog } from '../../i18n/review.js';
import { locateDraft } from './locate.js';
import { rules as allRules } from './rules/index.js';
import { playbookSites } from './sites.js';
import { suppressions } from './suppress.js';
import type { LintFinding, LintRule } from './types.js';

export const INVALID_RULE = 'invalid-playbook';

export interface LintFileResult {
  file: string;
  findings: LintFinding[];
  /** True when the file could not be loaded (not a valid playbook): exit 2. */
  invalid: boolean;
}

function byPosition(a: LintFinding, b: LintFinding): number {
  return a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule);
}

/** Lints one loaded playbook. */
export function lintPlaybook(loaded: LoadedPlaybook, options: { lang: Lang; rules?: readonly LintRule[] }): LintFinding[] {
  const t = translator(reviewCatalog, options.lang);
  const ctx = { loaded, playbook: loaded.playbook, sites: playbookSites(loaded), lang: options.lang, t };
  const findings: LintFinding[] = [];
  const suppressed = suppressions(loaded.source);
  for (const rule of options.rules ?? allRules) {
    for (const draft of rule.check(ctx)) {
      const where = locateDraft(loaded, draft);
      if (suppressed(rule.id, where.line)) continue;
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        message: draft.message,
        ...(draft.hint !== undefined ? { hint: draft.hint } : {}),
        file: loaded.file,
        ...where,
      });
    }
  }
  return findings.sort(byPosition);
}

function diagnosticFinding(file: string, d: Diagnostic, lang: Lang): LintFinding {
  const t = translator(reviewCatalog, lang);
  return {
    rule: INVALID_RULE,
    severity: 'error',
    message: t('lint.invalid', { message: `${d.message} [${d.code}]` }),
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    file: d.location?.file ?? file,
    line: d.location?.line ?? 1,
    col: d.location?.col ?? 1,
    ...(d.location?.endLine !== undefined ? { endLine: d.location.endLine } : {}),
    ...(d.location?.endCol !== undefined ? { endCol: d.location.endCol } : {}),
  };
}

/** Loads and lints each file. A file that does not load gives its diagnostics as `invalid-playbook` findings. */
export async function lintFiles(
  files: readonly string[],
  options: { lang: Lang; load?: (file: string) => Promise<LoadedPlaybook> },
): Promise<LintFileResult[]> {
  const load = options.load ?? (async (file: string) => (await import('../../engine/load.js')).loadPlaybookFile(file));
  const results: LintFileResult[] = [];
  for (const file of files) {
    try {
      const loaded = await load(file);
      results.push({ file, findings: lintPlaybook(loaded, options), invalid: false });
    } catch (error) {
      if (error instanceof InvalidPlaybookError) {
        const findings = error.diagnostics.filter((d) => d.severity === 'error').map((d) => diagnosticFinding(file, d, options.lang));
        results.push({ file, findings, invalid: true });
      } else if (error instanceof UserError) {
        results.push({ file, findings: [{ rule: INVALID_RULE, severity: 'error', message: error.message, file, line: 1, col: 1 }], invalid: true });
      } else {
        throw error;
      }
    }
  }
  return results;
}
