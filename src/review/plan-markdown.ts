// A compiled plan as GitHub Markdown for PR comments and job summaries: summary, params, steps, warnings.
import { deselectionText, selectionArgsText } from '../engine/select.js';
import { selectText } from '../i18n/select.js';
import { hookSteps, paramText, type CompiledPlan, type PlanEnv, type PlanParam, type PlanProbe, type PlanProbeAction, type PlanRollback, type PlanStep, type Rendered } from '../engine/plan.js';
import { hookNames } from '../engine/hook-names.js';
import { showLineBreaks } from '../engine/escapes.js';
import { pickText, type Lang } from '../engine/text.js';
import { translator, type Translator } from '../i18n/index.js';
import { reviewCatalog, type ReviewKey } from '../i18n/review.js';
import { joinCapped, MARKDOWN_MAX_CHARS } from './cap.js';
import { planCounts, stepDestructive } from './counts.js';
import { formatDuration } from '../engine/duration.js';
import type { PlanMarkdownWriter } from '../steps/describe.js';
import { stepKind } from '../steps/index.js';
import { probeKind } from '../steps/probe.js';
import { capText, codeBlock, details, escapeInline, inlineCode } from './markdown.js';
import { MASK, maskSecrets, planSecrets } from './secrets.js';
import { maskPlan } from '../engine/plan-mask.js';

/** Longest command text shown in one code block; a longer one is cut with a note. */
const MAX_BLOCK_TEXT = 8_000;
const RISK_ICON = { low: '🟢', medium: '🟡', high: '🔴' } as const;

export interface PlanMarkdownOptions {
  lang: Lang;
  /** Cap on the whole output, in characters (default 65,536: a GitHub comment). */
  maxChars?: number;
  /** Level of the top heading (default 2; a review report nests plans at 3). */
  headingLevel?: number;
}

interface Ctx {
  t: Translator<ReviewKey>;
  lang: Lang;
  secrets: string[];
  h: (level: number) => string;
}

/** Renders a plan as Markdown that playbook text cannot break out of, capped at 65,536 characters. */
export function renderPlanMarkdown(plan: CompiledPlan, options: { lang: Lang } & Partial<PlanMarkdownOptions>): string {
  const t = translator(reviewCatalog, options.lang);
  const max = options.maxChars ?? MARKDOWN_MAX_CHARS;
  return joinCapped(planMarkdownBlocks(plan, options), max, (shown, total) => t('truncated', { max, shown, total }));
}

/** The plan as self-contained Markdown blocks (for joining under a cap, alone or inside a review report). */
export function planMarkdownBlocks(compiled: CompiledPlan, options: { lang: Lang; headingLevel?: number; file?: string }): string[] {
  const base = options.headingLevel ?? 2;
  const secrets = planSecrets(compiled);
  // Every text masked at the source (names, titles, descriptions, messages), not only where a block masks it.
  const plan = maskPlan(compiled, secrets);
  const ctx: Ctx = {
    t: translator(reviewCatalog, options.lang),
    lang: options.lang,
    secrets,
    h: (level) => '#'.repeat(Math.min(6, base + level)),
  };
  const { t } = ctx;
  const blocks: string[] = [headerBlock(plan, ctx, options.file ?? plan.playbook.file), paramsBlock(plan.params, ctx)];
  if (plan.preconditions.length > 0) {
    blocks.push(`${ctx.h(1)} ${t('plan.preconditions')}\n\n${probeList(plan.preconditions, ctx)}`);
  }
  blocks.push(`${ctx.h(1)} ${t('plan.steps')}`);
  plan.steps.forEach((step, i) => blocks.push(stepBlock(step, i + 1, ctx)));
  if (plan.postconditions.length > 0) {
    blocks.push(`${ctx.h(1)} ${t('plan.postconditions')}\n\n${probeList(plan.postconditions, ctx)}`);
  }
  if (plan.finally.length > 0) {
    blocks.push(`${ctx.h(1)} ${t('plan.finally')}`);
    plan.finally.forEach((step, i) => blocks.push(stepBlock(step, i + 1, ctx)));
  }
  for (const hook of hookNames) {
    const steps = plan.hooks?.[hook] ?? [];
    if (steps.length === 0) continue;
    blocks.push(`${ctx.h(1)} ${t(`plan.${hook}`)}`);
    steps.forEach((step, i) => blocks.push(stepBlock(step, i + 1, ctx)));
  }
  const warnings = warningLines(plan, ctx);
  if (warnings.length > 0) blocks.push(`${ctx.h(1)} ${t('plan.warnings')}\n\n${warnings.join('\n')}`);
  return blocks;
}

function headerBlock(plan: CompiledPlan, ctx: Ctx, file: string): string {
  const { t } = ctx;
  const p = plan.playbook;
  const counts = planCounts(plan);
  const title = pickText(p.title, ctx.lang) ?? p.name;
  const lines = [
    `${ctx.h(0)} ${RISK_ICON[p.risk]} ${t('plan.heading', { name: inlineCode(p.name) })}${title === p.name ? '' : ` — ${escapeInline(showLineBreaks(title))}`}`,
    '',
    t('plan.summary', { risk: t(`risk.${p.risk}`), ...counts }),
  ];
  const description = pickText(p.description, ctx.lang);
  // As every value drawn inside a line: a break shows as ␤, not as a space (nor as a line of its own).
  if (description) lines.push('', `> ${oneLine(description.trim())}`);
  lines.push('', inlineCode(file) + (plan.sandbox ? ` · ${t('plan.sandbox')}` : ''));
  if (plan.selection) lines.push('', escapeInline(selectText(ctx.lang)('selection', { args: selectionArgsText(plan.selection) })));
  return lines.join('\n');
}

/** A value drawn inside a line — a cell, a heading, an option — escaped, its line breaks shown as ␤ (showLineBreaks). */
function oneLine(text: string): string {
  return escapeInline(showLineBreaks(text));
}

/** The same, as inline code. */
function oneLineCode(text: string): string {
  return inlineCode(showLineBreaks(text));
}

function paramValue(param: PlanParam, ctx: Ctx): string {
  if (param.secret) return param.value === undefined ? ctx.t('step.none') : inlineCode(MASK);
  if (param.value === undefined) return ctx.t('step.none');
  return oneLineCode(maskSecrets(paramText(param.value), ctx.secrets));
}

function paramConstraint(param: PlanParam): string {
  const parts: string[] = [param.type];
  if (param.pattern !== undefined) parts.push(`pattern ${oneLineCode(param.pattern)}`);
  if (param.enum !== undefined) parts.push(`enum ${param.enum.map((v) => oneLineCode(String(v))).join(', ')}`);
  // A list: what each item is (`array of string · items enum …`).
  if (param.items) {
    parts[0] = `${param.type} of ${param.items.type}`;
    if (param.items.pattern !== undefined) parts.push(`items pattern ${oneLineCode(param.items.pattern)}`);
    if (param.items.enum !== undefined) parts.push(`items enum ${param.items.enum.map((v) => oneLineCode(String(v))).join(', ')}`);
  }
  if (param.secret) parts.push('secret');
  return parts.join(' · ');
}

function paramsBlock(params: PlanParam[], ctx: Ctx): string {
  const { t } = ctx;
  const head = `${ctx.h(1)} ${t('plan.params')}`;
  if (params.length === 0) return `${head}\n\n${t('plan.params.none')}`;
  const described = params.some((p) => p.description !== undefined);
  const description = (p: PlanParam) => (described ? ` ${oneLine(pickText(p.description, ctx.lang) ?? '')} |` : '');
  const rows = params.map(
    (p) => `| ${inlineCode(p.name)} | ${paramValue(p, ctx)} | ${t(`source.${p.source}`)} | ${paramConstraint(p)} |${description(p)}`,
  );
  return [
    head,
    '',
    `| ${t('plan.params.name')} | ${t('plan.params.value')} | ${t('plan.params.source')} | ${t('plan.params.constraint')} |${described ? ` ${t('plan.params.description')} |` : ''}`,
    `|---|---|---|---|${described ? '---|' : ''}`,
    ...rows,
  ].join('\n');
}

function shown(text: string, ctx: Ctx): string {
  return capText(maskSecrets(text, ctx.secrets), MAX_BLOCK_TEXT, (count) => ctx.t('text.omitted', { count }));
}

function renderedBlock(r: Rendered, ctx: Ctx, info = 'sh'): string {
  const note = r.deferred ? `\n\n<sub>${escapeInline(ctx.t('step.deferred'))}</sub>` : '';
  return codeBlock(shown(r.text, ctx), info) + note;
}

/** How step kinds write their blocks (src/steps/describe.ts): masked, capped and escaped as the rest of the plan. */
function markdownWriter(ctx: Ctx): PlanMarkdownWriter {
  return {
    lang: ctx.lang,
    t: ctx.t,
    fence: (text, info) => codeBlock(text, info),
    shown: (text) => shown(text, ctx),
    masked: (text) => maskSecrets(text, ctx.secrets),
    escape: escapeInline,
    code: inlineCode,
    oneLine: showLineBreaks,
    details,
    template: (r) => renderedBlock(r, ctx),
    probe: (action) => probeActionBlock(action, ctx),
    included: (plan, file) => planMarkdownBlocks(plan, { lang: ctx.lang, headingLevel: 5, file }).join('\n\n'),
  };
}

function probeActionBlock(action: PlanProbeAction, ctx: Ctx): string {
  return probeKind(action).probeMarkdown(action, markdownWriter(ctx));
}

/** Where and how a command runs: working folder, environment (secrets masked), timeout, retries. */
function runOptions(p: { retries: number; delayMs: number; timeoutMs: number; cwd?: Rendered; env: PlanEnv[] }, ctx: Ctx): string {
  const parts: string[] = [];
  if (p.cwd) parts.push(ctx.t('step.cwd', { cwd: showLineBreaks(maskSecrets(p.cwd.text, ctx.secrets)) }));
  for (const e of p.env) parts.push(`${e.name}=${e.secret ? MASK : showLineBreaks(maskSecrets(e.value.text, ctx.secrets))}`);
  parts.push(ctx.t('step.options', { timeout: formatDuration(p.timeoutMs) }));
  if (p.retries > 0) parts.push(ctx.t('step.retries', { retries: p.retries, delay: formatDuration(p.delayMs) }));
  return `<sub>${escapeInline(parts.join(' · '))}</sub>`;
}

function probeList(probes: PlanProbe[], ctx: Ctx): string {
  return probes
    .map((probe, i) => {
      const name = pickText(probe.name, ctx.lang);
      const where = probe.cwd || probe.env.length > 0 ? ` ${runOptions(probe, ctx)}` : '';
      return `${i + 1}. ${name ? oneLine(name) : ''}${where}\n\n${indent(probeActionBlock(probe.action, ctx))}`;
    })
    .join('\n\n');
}

/** Indents a block under a list item (3 spaces), keeping fences intact. */
function indent(block: string): string {
  return block
    .split('\n')
    .map((line) => (line === '' ? line : `   ${line}`))
    .join('\n');
}

function probeSection(title: string, probe: PlanProbe, ctx: Ctx): string {
  const name = pickText(probe.name, ctx.lang);
  return `**${escapeInline(title)}**${name ? ` — ${oneLine(name)}` : ''} ${runOptions(probe, ctx)}\n\n${probeActionBlock(probe.action, ctx)}`;
}

function rollbackSection(rollback: PlanRollback, ctx: Ctx): string {
  const name = pickText(rollback.name, ctx.lang);
  const parts = [
    `**${escapeInline(ctx.t('step.rollbackHead'))}**${name ? ` — ${oneLine(name)}` : ''} ${runOptions(rollback, ctx)}\n\n${probeActionBlock(rollback.action, ctx)}`,
  ];
  if (rollback.verify) parts.push(probeSection(ctx.t('step.rollbackVerify'), rollback.verify, ctx));
  return parts.join('\n\n');
}

function stepBlock(step: PlanStep, n: number, ctx: Ctx): string {
  const { t } = ctx;
  const name = pickText(step.name, ctx.lang);
  const badges: string[] = [];
  const destructive = stepDestructive(step);
  if (destructive.length > 0) badges.push(oneLine(t('step.destructive', { what: [...new Set(destructive)].join(', ') })));
  const kind = stepKind(step.action);
  if (kind.gate) badges.push(escapeInline(t('step.gate')));
  if (step.rollback) badges.push(escapeInline(t('step.rollback')));
  else if (destructive.length > 0) badges.push(`**${escapeInline(t('step.noRollback'))}**`);
  if (step.continueOnError) badges.push(escapeInline(t('step.continueOnError')));
  if (step.become) badges.push(oneLine(t('step.become', { user: step.become })));

  const lines = [`${ctx.h(2)} ${n}. ${inlineCode(step.id)}${name ? ` — ${oneLine(name)}` : ''}`];
  // Left out by --from/--only/--skip: why, and nothing of what it would do (it does not run).
  if (step.deselected) return [...lines, '', `*${escapeInline(selectText(ctx.lang)('skipped', { why: deselectionText(step.deselected, ctx.lang) }))}*`].join('\n');
  const description = pickText(step.description, ctx.lang);
  if (description) lines.push('', oneLine(description.trim()));
  if (badges.length > 0) lines.push('', badges.join(' · '));
  if (step.forEach?.over) lines.push('', oneLine(t('step.forEach', { over: step.forEach.over })));
  if (step.when) lines.push('', oneLine(t('step.when', { when: maskSecrets(step.when.text, ctx.secrets) })));
  lines.push('', runOptions(step, ctx), '', kind.planMarkdown(step.action, markdownWriter(ctx)));

  const extra: string[] = [];
  if (step.check) extra.push(probeSection(t('step.check'), step.check, ctx));
  if (step.verify) extra.push(probeSection(t('step.verify'), step.verify, ctx));
  if (step.rollback) extra.push(rollbackSection(step.rollback, ctx));
  if (extra.length > 0) {
    const which = [step.check && t('step.check'), step.verify && t('step.verify'), step.rollback && t('step.rollbackHead')].filter(Boolean);
    lines.push('', details(escapeInline(which.join(' · ')), extra.join('\n\n')));
  }
  return lines.join('\n');
}

/** Every template of a step whose raw insertions are warned about, with where it stands. */
function stepRendered(step: PlanStep): { where: string; r: Rendered }[] {
  const out: { where: string; r: Rendered }[] = [];
  const probe = (where: string, a: PlanProbeAction): void => {
    for (const r of probeKind(a).rawSites(a)) out.push({ where, r });
  };
  for (const r of stepKind(step.action).rawSites(step.action)) out.push({ where: step.id, r });
  if (step.check) probe(`${step.id}.check`, step.check.action);
  if (step.verify) probe(`${step.id}.verify`, step.verify.action);
  if (step.rollback) probe(`${step.id}.rollback`, step.rollback.action);
  if (step.when) out.push({ where: `${step.id}.when`, r: step.when });
  return out;
}

function warningLines(plan: CompiledPlan, ctx: Ctx): string[] {
  const lines = plan.warnings.map((w) => `- ⚠️ ${inlineCode(w.code)} ${escapeInline(maskSecrets(w.message, ctx.secrets))}`);
  for (const step of [...plan.steps, ...plan.finally, ...hookSteps(plan)]) {
    for (const { where, r } of stepRendered(step)) {
      if (r.raw.length > 0) {
        lines.push(`- ⚠️ ${escapeInline(ctx.t('warn.raw', { names: r.raw.join(', '), where }))}`);
      }
    }
  }
  return lines;
}
