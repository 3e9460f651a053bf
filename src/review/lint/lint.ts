// Runs the lint rules over loaded playbooks and the playbooks they include; invalid playbooks become findings (and exit 2 in the CLI).
import { resolve } from 'node:path';
import type { LoadedPlaybook } from '../../engine/loaded.js';
import { InvalidPlaybookError, UserError, type Diagnostic } from '../../engine/errors.js';
import { checkIncludeGraph, hasIncludes } from '../../engine/include-graph.js';
import { readIncludeData } from '../../engine/validate.js';
import type { Lang } from '../../engine/text.js';
import { translator } from '../../i18n/index.js';
import { reviewCatalog } from '../../i18n/review.js';
import { locateDraft } from './locate.js';
import { rules as allRules } from './rules/index.js';
import { playbookSites } from './sites.js';
import { suppressions } from './suppress.js';
import { includeContexts, includeSteps, noteFor, type IncomingInclude } from './includes.js';
import { NOT_INCLUDED, type IncludeContext, type IncludedFrom, type LintFinding, type LintRule } from './types.js';

export const INVALID_RULE = 'invalid-playbook';

export interface LintFileResult {
  file: string;
  findings: LintFinding[];
  /** True when the file could not be loaded (not a valid playbook): exit 2. */
  invalid: boolean;
  /** Set when the file is linted only because another playbook includes it: that include step. */
  includedFrom?: IncludedFrom;
}

function byPosition(a: LintFinding, b: LintFinding): number {
  return a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule);
}

/** Lints one loaded playbook. `included`: what the playbooks including it give it (see LintContext). */
export function lintPlaybook(loaded: LoadedPlaybook, options: { lang: Lang; rules?: readonly LintRule[]; included?: IncludeContext }): LintFinding[] {
  const t = translator(reviewCatalog, options.lang);
  const ctx = { loaded, playbook: loaded.playbook, sites: playbookSites(loaded), lang: options.lang, t, included: options.included ?? NOT_INCLUDED };
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

export interface LintFilesOptions {
  lang: Lang;
  /** Loads a playbook (default: the engine's loader, in `lang`, relative to `cwd`). */
  load?: (file: string) => Promise<LoadedPlaybook>;
  /** Follow `playbook:` includes and lint the included files too (default true). */
  follow?: boolean;
  /** Directory the file paths are relative to (default process.cwd()). */
  cwd?: string;
}

interface Linted {
  file: string;
  key: string;
  own: boolean;
  loaded?: LoadedPlaybook;
  findings: LintFinding[];
  invalid: boolean;
}

/**
 * Loads and lints each file, and (unless `follow: false`) the playbooks they include, recursively, each
 * file once: an included file is listed after the file that first brings it in, with an `includedFrom`
 * note, unless it is one of `files` itself. A file that does not load gives its diagnostics as
 * `invalid-playbook` findings (a missing include is such a diagnostic of the including file).
 */
export async function lintFiles(files: readonly string[], options: LintFilesOptions): Promise<LintFileResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const load =
    options.load ?? (async (file: string) => (await import('../../engine/load.js')).loadPlaybookFile(file, { lang: options.lang, cwd }));
  const key = (file: string): string => resolve(cwd, file);
  const own = new Set(files.map(key));
  const linted = new Map<string, Linted>();
  const graphCache = new Map<string, Promise<unknown>>();
  const readInclude = (absolutePath: string): Promise<unknown> => {
    if (!graphCache.has(absolutePath)) graphCache.set(absolutePath, readIncludeData(absolutePath));
    return graphCache.get(absolutePath)!;
  };
  const incoming = new Map<string, IncomingInclude[]>();
  const order: Linted[] = [];

  const visit = async (file: string, isOwn: boolean): Promise<Linted> => {
    const entry: Linted = { file, key: key(file), own: isOwn, findings: [], invalid: false };
    linted.set(entry.key, entry);
    order.push(entry);
    try {
      entry.loaded = await load(file);
      // Cycles, nesting and fan-out of includes: what `plan` refuses, lint reports (as invalid: exit 2).
      const graph = hasIncludes(entry.loaded.playbook) ? await checkIncludeGraph({ ...entry.loaded, read: readInclude, lang: options.lang }) : [];
      if (graph.length > 0) {
        entry.invalid = true;
        entry.findings = graph.map((d) => diagnosticFinding(file, d, options.lang));
      }
    } catch (error) {
      entry.invalid = true;
      if (error instanceof InvalidPlaybookError) {
        entry.findings = error.diagnostics.filter((d) => d.severity === 'error').map((d) => diagnosticFinding(file, d, options.lang));
      } else if (error instanceof UserError) {
        entry.findings = [{ rule: INVALID_RULE, severity: 'error', message: error.message, file, line: 1, col: 1 }];
      } else {
        throw error;
      }
    }
    return entry;
  };

  for (const file of files) {
    if (linted.has(key(file))) continue;
    // Depth-first without recursion: included files follow the file that brings them in.
    const stack: string[] = [file];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (linted.has(key(next))) continue;
      const entry = await visit(next, own.has(key(next)));
      if (!entry.loaded || options.follow === false) continue;
      const steps = includeSteps(entry.loaded);
      for (const step of steps) {
        const target = key(step.file);
        if (own.has(target)) continue;
        const edges = incoming.get(target) ?? [];
        edges.push({ fromKey: entry.key, step });
        incoming.set(target, edges);
      }
      for (const step of [...steps].reverse()) if (!own.has(key(step.file)) && !linted.has(key(step.file))) stack.push(step.file);
    }
  }

  const context = includeContexts(incoming, own);
  return order.map((entry) => {
    const note = entry.own ? undefined : noteFor(incoming.get(entry.key) ?? [], context);
    const findings = entry.loaded ? [...entry.findings, ...lintPlaybook(entry.loaded, { lang: options.lang, included: context(entry.key) })] : entry.findings;
    return {
      file: entry.file,
      findings: note ? findings.map((f) => ({ ...f, includedFrom: note })) : findings,
      invalid: entry.invalid,
      ...(note ? { includedFrom: note } : {}),
    };
  });
}
