// A plan diff as GitHub Markdown: a before/after table, params, steps with ```diff blocks, rollback coverage.
import { showLineBreaks } from '../engine/escapes.js';
import type { Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { reviewCatalog } from '../i18n/review.js';
import { joinCapped, MARKDOWN_MAX_CHARS } from './cap.js';
import type { PlanDiff } from './diff.js';
import { codeBlock, escapeInline, inlineCode } from './markdown.js';
import { fieldDiff } from './unified-diff.js';

const RISK_ORDER = { low: 0, medium: 1, high: 2 } as const;

/** The diff as self-contained Markdown blocks (joined under a cap alone, or inside a review report). */
export function diffMarkdownBlocks(diff: PlanDiff, options: { lang: Lang; headingLevel?: number; before: string; after: string }): string[] {
  const t = translator(reviewCatalog, options.lang);
  const h = (level: number) => '#'.repeat(Math.min(6, (options.headingLevel ?? 2) + level));
  const c = diff.counts;
  const head = `${h(0)} ✏️ ${t('diff.heading', { name: inlineCode(diff.name) })}\n\n${inlineCode(options.before)} → ${inlineCode(options.after)}`;
  if (diff.same) return [`${head}\n\n${t('diff.same')}`];

  const cell = (a: string | number, b: string | number) => (a === b ? `${b}` : `**${b}**`);
  const rows: [string, string | number, string | number][] = [
    [t('diff.row.risk'), t(`risk.${diff.risk.before}`), t(`risk.${diff.risk.after}`)],
    [t('diff.row.steps'), c.before.steps, c.after.steps],
    [t('diff.row.destructive'), c.before.destructive, c.after.destructive],
    [t('diff.row.gates'), c.before.gates, c.after.gates],
    [t('diff.row.rollbacks'), c.before.rollbacks, c.after.rollbacks],
  ];
  const summary = [
    head,
    '',
    `| ${t('diff.metric')} | ${t('diff.before')} | ${t('diff.after')} |`,
    '|---|---|---|',
    ...rows.map(([label, a, b]) => `| ${label} | ${a} | ${cell(a, b)} |`),
  ];
  if (RISK_ORDER[diff.risk.after] > RISK_ORDER[diff.risk.before]) summary.push('', `**${escapeInline(t('diff.riskUp', { before: t(`risk.${diff.risk.before}`), after: t(`risk.${diff.risk.after}`) }))}**`);
  if (diff.title.before !== diff.title.after) summary.push('', escapeInline(t('diff.title', { before: showLineBreaks(diff.title.before), after: showLineBreaks(diff.title.after) })));
  for (const f of diff.settings) {
    const list = (v: string) => inlineCode(v.split('\n').join(', ') || '∅');
    summary.push('', `**${escapeInline(f.field)}**: ${list(f.before)} → ${list(f.after)}`);
  }
  const blocks = [summary.join('\n')];

  if (diff.params.length > 0) {
    const lines = diff.params.map((p) => {
      const label = escapeInline(t(`diff.param.${p.kind}`, { name: p.name }));
      if (p.kind === 'added') return `- ➕ ${label}${p.after ? ` = ${inlineCode(p.after)}` : ''}`;
      if (p.kind === 'removed') return `- ➖ ${label}`;
      return `- ✏️ ${label}${t('colon')}${p.fields.map((f) => `${escapeInline(f.field)} ${inlineCode(f.before || '∅')} → ${inlineCode(f.after || '∅')}`).join('; ')}`;
    });
    blocks.push(`${h(1)} ${t('diff.params')}\n\n${lines.join('\n')}`);
  }

  if (diff.steps.length > 0) {
    blocks.push(`${h(1)} ${t('diff.steps')}`);
    for (const s of diff.steps) {
      const fin = s.list === 'finally' ? ` ${t('diff.inFinally')}` : '';
      if (s.kind === 'added') {
        const warn = s.destructive.length > 0 ? `\n\n**${escapeInline(t('diff.destructiveAdded', { what: s.destructive.join(', ') }))}**` : '';
        blocks.push(`- ➕ ${escapeInline(t('diff.step.added', { id: s.id, index: s.index }) + fin)}${warn}\n\n${codeBlock(s.action, 'sh')}`);
      } else if (s.kind === 'removed') {
        blocks.push(`- ➖ ${escapeInline(t('diff.step.removed', { id: s.id, index: s.index }) + fin)}\n\n${codeBlock(s.action, 'sh')}`);
      } else if (s.kind === 'moved') {
        blocks.push(`- 🔀 ${escapeInline(t('diff.step.moved', { id: s.id, from: s.from, to: s.to }) + fin)}`);
      } else {
        const parts = [`- ✏️ ${escapeInline(t('diff.step.changed', { id: s.id, fields: s.fields.map((f) => f.field).join(', ') }) + fin)}`];
        for (const f of s.fields) parts.push(`**${escapeInline(f.field)}**\n\n${codeBlock(fieldDiff(f.before, f.after).join('\n'), 'diff')}`);
        blocks.push(parts.join('\n\n'));
      }
    }
  }

  if (diff.probes.length > 0) {
    const lines = diff.probes.map((p) => `- ${p.kind === 'added' ? '➕' : '➖'} ${escapeInline(t(`diff.probe.${p.kind}`, { list: p.list }))}${t('colon')}${inlineCode(p.text)}`);
    blocks.push(`${h(1)} ${t('diff.probes')}\n\n${lines.join('\n')}`);
  }

  if (diff.rollback.gained.length + diff.rollback.lost.length > 0) {
    const lines: string[] = [];
    if (diff.rollback.gained.length > 0) lines.push(`- ${t('diff.rollback.gained', { ids: diff.rollback.gained.map(inlineCode).join(', ') })}`);
    if (diff.rollback.lost.length > 0) lines.push(`- **${t('diff.rollback.lost', { ids: diff.rollback.lost.map(inlineCode).join(', ') })}**`);
    blocks.push(`${h(1)} ${t('diff.rollback')}\n\n${lines.join('\n')}`);
  }
  return blocks;
}

/** The diff as Markdown, capped at 65,536 characters. */
export function renderDiffMarkdown(diff: PlanDiff, options: { lang: Lang; before: string; after: string; maxChars?: number }): string {
  const t = translator(reviewCatalog, options.lang);
  const max = options.maxChars ?? MARKDOWN_MAX_CHARS;
  return joinCapped(diffMarkdownBlocks(diff, options), max, (shown, total) => t('truncated', { max, shown, total }));
}
