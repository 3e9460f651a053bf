// `runbook review`: one Markdown report for the playbooks changed since a base ref — diff, plan, lint. Runs nothing.
import { relative, resolve } from 'node:path';
import type { CompiledPlan } from '../engine/plan.js';
import { isUserError } from '../engine/errors.js';
import type { Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { reviewCatalog } from '../i18n/review.js';
import { planMarkdownBlocks } from './plan-markdown.js';
import { fits, joinCapped, MARKDOWN_MAX_CHARS } from './cap.js';
import { planCounts } from './counts.js';
import { diffPlans } from './diff.js';
import { diffMarkdownBlocks } from './diff-markdown.js';
import { gitChangedFiles, gitRoot, type ChangedFile } from './git.js';
import { lintPlaybook } from './lint/lint.js';
import type { LintFinding } from './lint/types.js';
import { codeBlock, details, escapeInline, inlineCode, inlineWithCode } from './markdown.js';
import { compileVersion, readAtRef, readVersion, type PlaybookVersion } from './source.js';

/** Hidden first line of every report: the comment workflow finds its sticky comment by it. */
export const REVIEW_MARKER = '<!-- runbook-review -->';

export interface ReviewOptions {
  cwd: string;
  base: string;
  lang: Lang;
  /** Folders (relative to cwd) whose *.yaml / *.yml files are playbooks. Default: runbooks. */
  paths?: string[];
  params?: Record<string, string>;
  maxChars?: number;
}

export interface ReviewedPlaybook {
  file: string;
  status: ChangedFile['status'];
  name?: string;
  risk?: { before?: string; after?: string };
  counts?: ReturnType<typeof planCounts>;
  findings: LintFinding[];
  /** Set when a version could not be loaded or compiled. */
  error?: string;
}

export interface ReviewReport {
  markdown: string;
  playbooks: ReviewedPlaybook[];
  mergeBase: string;
}

function isPlaybookPath(path: string, folders: string[]): boolean {
  if (!/\.ya?ml$/i.test(path)) return false;
  const parts = path.split('/');
  if (parts.includes('schemas') || parts.some((p) => p.startsWith('.'))) return false;
  return folders.some((f) => f === '.' || f === '' || path === f || path.startsWith(f.endsWith('/') ? f : `${f}/`));
}

function errorText(error: unknown): string {
  if (isUserError(error)) {
    const lines = [error.message, ...error.diagnostics.map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''}${d.message}`)];
    return lines.join('\n');
  }
  throw error;
}

/** Builds the review report for the changes since `base`. */
export async function buildReview(options: ReviewOptions): Promise<ReviewReport> {
  const t = translator(reviewCatalog, options.lang);
  const root = await gitRoot(options.cwd, options.lang);
  const folders = (options.paths ?? ['runbooks']).map((p) => relative(root, resolve(options.cwd, p)).split('\\').join('/'));
  const { mergeBase, files } = await gitChangedFiles(options.base, root, options.lang);
  const changed = files.filter((f) => isPlaybookPath(f.path, folders) || (f.oldPath !== undefined && isPlaybookPath(f.oldPath, folders)));
  const params = options.params ?? {};
  const reviewed: ReviewedPlaybook[] = [];
  /** Each playbook's section in full, and compact (without the full plan after a change) for long reports. */
  const sections: { full: string; compact: string }[] = [];
  const push = (full: string, compact = full) => sections.push({ full, compact });

  for (const file of changed) {
    const shown = relative(options.cwd, resolve(root, file.path)) || file.path;
    const entry: ReviewedPlaybook = { file: shown, status: file.status, findings: [] };
    reviewed.push(entry);
    const statusText = t(`review.status.${file.status}`);
    const head = `## ${inlineCode(shown)} — ${escapeInline(statusText)}${file.oldPath ? ` (${inlineCode(file.oldPath)})` : ''}`;
    try {
      let before: { version: PlaybookVersion; plan: CompiledPlan } | undefined;
      if (file.status !== 'added') {
        const version = await readAtRef(mergeBase, file.oldPath ?? file.path, root, options.cwd, `git:${options.base}:${file.oldPath ?? file.path}`, options.lang);
        before = { version, plan: await compileVersion(version, { params, lang: options.lang }) };
      }
      if (file.status === 'deleted') {
        const plan = before!.plan;
        entry.name = plan.playbook.name;
        entry.risk = { before: plan.playbook.risk };
        entry.counts = planCounts(plan);
        push(`${head}\n\n${escapeInline(t('review.deleted', { name: plan.playbook.name, steps: plan.steps.length }))}`);
        continue;
      }
      const version = await readVersion(shown, options.cwd, options.lang);
      const plan = await compileVersion(version, { params, lang: options.lang });
      entry.name = plan.playbook.name;
      entry.risk = { ...(before ? { before: before.plan.playbook.risk } : {}), after: plan.playbook.risk };
      entry.counts = planCounts(plan);
      entry.findings = lintPlaybook(version.loaded, { lang: options.lang });
      const parts = [head];
      if (entry.findings.length > 0) parts.push(lintBlock(entry.findings, options.lang));
      if (before) {
        const diff = diffPlans(before.plan, plan, { lang: options.lang });
        parts.push(...diffMarkdownBlocks(diff, { lang: options.lang, headingLevel: 3, before: `${options.base}:${file.oldPath ?? file.path}`, after: shown }));
        const fullPlan = details(escapeInline(t('review.fullPlan')), planMarkdownBlocks(plan, { lang: options.lang, headingLevel: 3 }).join('\n\n'));
        push([...parts, fullPlan].join('\n\n'), parts.join('\n\n'));
      } else {
        push([...parts, ...planMarkdownBlocks(plan, { lang: options.lang, headingLevel: 3 })].join('\n\n'));
      }
    } catch (error) {
      entry.error = errorText(error);
      push(`${head}\n\n❌ ${escapeInline(t('review.invalid'))}\n\n${codeBlock(entry.error, 'text')}`);
    }
  }

  const top = [REVIEW_MARKER, `# 📋 ${t('review.title')}`, '', summaryLine(reviewed, options.base, mergeBase, options.lang)];
  if (reviewed.length > 0) top.push('', summaryTable(reviewed, options.lang));
  top.push('', `<sub>${escapeInline(t('review.nothingRun'))}</sub>`);
  const max = options.maxChars ?? MARKDOWN_MAX_CHARS;
  const marker = (shown: number, total: number) => t('truncated', { max, shown, total });
  const full = [top.join('\n'), ...sections.map((s) => s.full)];
  let markdown: string;
  if (fits(full, max)) {
    markdown = joinCapped(full, max, marker);
  } else {
    // Too long for a comment: leave out the full plans after a change (the diffs stay), then cap.
    top.push('', `<sub>${inlineWithCode(t('review.compact'))}</sub>`);
    markdown = joinCapped([top.join('\n'), ...sections.map((s) => s.compact)], max, marker);
  }
  return { markdown, playbooks: reviewed, mergeBase };
}

function summaryLine(reviewed: ReviewedPlaybook[], base: string, mergeBase: string, lang: Lang): string {
  const t = translator(reviewCatalog, lang);
  const count = (s: ChangedFile['status']) => reviewed.filter((r) => r.status === s).length;
  const head = t('review.base', { base: inlineCode(base), commit: inlineCode(mergeBase.slice(0, 12)) });
  if (reviewed.length === 0) return `${head} · ${t('review.none')}`;
  return `${head} · ${t('review.counts', { total: reviewed.length, added: count('added'), modified: count('modified') + count('renamed'), deleted: count('deleted') })}`;
}

function summaryTable(reviewed: ReviewedPlaybook[], lang: Lang): string {
  const t = translator(reviewCatalog, lang);
  const rows = reviewed.map((r) => {
    const name = (risk: string | undefined) => (risk === 'low' || risk === 'medium' || risk === 'high' ? t(`risk.${risk}`) : '');
    const risk = r.risk
      ? r.risk.before && r.risk.after && r.risk.before !== r.risk.after
        ? `${name(r.risk.before)} → **${name(r.risk.after)}**`
        : name(r.risk.after ?? r.risk.before)
      : '';
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    const warnings = r.findings.length - errors;
    const lint = r.error ? '❌' : errors > 0 ? `❌ ${errors} / ⚠️ ${warnings}` : warnings > 0 ? `⚠️ ${warnings}` : '✅';
    const c = r.counts;
    return `| ${inlineCode(r.file)} | ${escapeInline(t(`review.status.${r.status}`))} | ${risk} | ${c ? c.steps : ''} | ${c ? c.destructive : ''} | ${c ? c.gates : ''} | ${lint} |`;
  });
  return [
    `| ${t('review.col.playbook')} | ${t('review.col.change')} | ${t('review.col.risk')} | ${t('review.col.steps')} | ${t('review.col.destructive')} | ${t('review.col.gates')} | ${t('review.col.lint')} |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function lintBlock(findings: LintFinding[], lang: Lang): string {
  const t = translator(reviewCatalog, lang);
  const lines = findings.map((f) => `- ${f.severity === 'error' ? '❌' : '⚠️'} ${inlineCode(`${f.line}:${f.col}`)} ${inlineWithCode(f.message)} ${inlineCode(f.rule)}`);
  return `### ${t('review.lint')}\n\n${lines.join('\n')}`;
}
