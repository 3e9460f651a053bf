// A plan diff as plain text for the terminal: counts, params, steps (with a diff of changed commands), rollback coverage.
import { showLineBreaks } from '../engine/escapes.js';
import type { Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { reviewCatalog } from '../i18n/review.js';
import type { PlanDiff } from './diff.js';
import { showControls } from './markdown.js';
import { fieldDiff } from './unified-diff.js';

const RISK_ORDER = { low: 0, medium: 1, high: 2 } as const;

/**
 * Under a step, the tool's own lines (field names, the destructive warning) start at NOTE; lines from the
 * playbook start at CONTENT, always behind the diff's `+`/`-`/` ` mark. A command line that reads like a
 * warning therefore never lines up with one: it cannot fake the tool's warning, nor hide one.
 */
const NOTE = ' '.repeat(6);
const CONTENT = ' '.repeat(8);

export function renderDiffText(diff: PlanDiff, options: { lang: Lang; before: string; after: string }): string {
  const t = translator(reviewCatalog, options.lang);
  const c = diff.counts;
  // The versions as typed on the command line: a path with a line break stays on the heading's line.
  const lines = [`${t('diff.heading', { name: showLineBreaks(diff.name) })}  (${showLineBreaks(options.before)} → ${showLineBreaks(options.after)})`];
  if (diff.same) return `${lines[0]}\n  ${t('diff.same')}\n`;
  const arrow = (a: string | number, b: string | number) => (a === b ? String(a) : `${a} → ${b}`);
  const risk = { before: t(`risk.${diff.risk.before}`), after: t(`risk.${diff.risk.after}`) };
  lines.push(`  ${t('diff.row.risk')}${t('colon')}${arrow(risk.before, risk.after)}`);
  if (RISK_ORDER[diff.risk.after] > RISK_ORDER[diff.risk.before]) lines.push(`  ${t('diff.riskUp', risk)}`);
  if (diff.title.before !== diff.title.after) lines.push(`  ${t('diff.title', { before: showLineBreaks(diff.title.before), after: showLineBreaks(diff.title.after) })}`);
  lines.push(
    `  ${t('diff.row.steps')} ${arrow(c.before.steps, c.after.steps)} · ${t('diff.row.destructive')} ${arrow(c.before.destructive, c.after.destructive)} · ${t('diff.row.gates')} ${arrow(c.before.gates, c.after.gates)} · ${t('diff.row.rollbacks')} ${arrow(c.before.rollbacks, c.after.rollbacks)}`,
  );
  for (const f of diff.settings) lines.push(`  ${f.field}: ${f.before.split('\n').join(', ') || '∅'} → ${f.after.split('\n').join(', ') || '∅'}`);
  if (diff.params.length > 0) {
    lines.push('', t('diff.params'));
    for (const p of diff.params) {
      const mark = p.kind === 'added' ? '+' : p.kind === 'removed' ? '-' : '~';
      const detail = p.kind === 'added' && p.after ? ` = ${p.after}` : p.fields.map((f) => ` ${f.field}: ${f.before || '∅'} → ${f.after || '∅'}`).join(';');
      lines.push(`  ${mark} ${p.name}${detail}`);
    }
  }
  if (diff.steps.length > 0) {
    lines.push('', t('diff.steps'));
    for (const s of diff.steps) {
      const fin = s.list === 'finally' ? ` ${t('diff.inFinally')}` : '';
      if (s.kind === 'added') {
        lines.push(`  + ${t('diff.step.added', { id: s.id, index: s.index })}${fin}`);
        if (s.destructive.length > 0) lines.push(`${NOTE}${t('diff.destructiveAdded', { what: s.destructive.join(', ') })}`);
        lines.push(...fieldDiff(undefined, s.action).map((l) => `${CONTENT}${l}`));
      } else if (s.kind === 'removed') {
        lines.push(`  - ${t('diff.step.removed', { id: s.id, index: s.index })}${fin}`);
      } else if (s.kind === 'moved') {
        lines.push(`  ↕ ${t('diff.step.moved', { id: s.id, from: s.from, to: s.to })}${fin}`);
      } else {
        lines.push(`  ~ ${t('diff.step.changed', { id: s.id, fields: s.fields.map((f) => f.field).join(', ') })}${fin}`);
        for (const f of s.fields) {
          lines.push(`${NOTE}${f.field}:`);
          lines.push(...fieldDiff(f.before, f.after).map((l) => `${CONTENT}${l}`));
        }
      }
    }
  }
  if (diff.probes.length > 0) {
    lines.push('', t('diff.probes'));
    for (const p of diff.probes) lines.push(`  ${p.kind === 'added' ? '+' : '-'} ${p.list}: ${p.text.split('\n').join(' ⏎ ')}`);
  }
  if (diff.rollback.gained.length + diff.rollback.lost.length > 0) {
    lines.push('', t('diff.rollback'));
    if (diff.rollback.gained.length > 0) lines.push(`  ${t('diff.rollback.gained', { ids: diff.rollback.gained.join(', ') })}`);
    if (diff.rollback.lost.length > 0) lines.push(`  ${t('diff.rollback.lost', { ids: diff.rollback.lost.join(', ') })}`);
  }
  return showControls(lines.join('\n')) + '\n';
}
