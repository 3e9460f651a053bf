// Renders a compiled plan as text for the terminal and for review: deterministic, secrets masked.
import type { CompiledPlan, PlanEnv, PlanParam, PlanProbe, PlanProbeAction, PlanStep } from '../engine/plan.js';
import { paramText } from '../engine/plan.js';
import { collectSecrets } from '../engine/compile.js';
import { MASK, redactText } from '../engine/redact.js';
import { displayPlan } from './display.js';
import { hookNames } from '../engine/hook-names.js';
import { formatDuration } from '../engine/duration.js';
import { pickText, type Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { planCatalog, type PlanKey } from '../i18n/plan.js';
import type { PlanTextWriter } from '../steps/describe.js';
import { stepKind } from '../steps/index.js';
import { probeKind } from '../steps/probe.js';
import { riskWord } from '../i18n/words.js';
import { selectText } from '../i18n/select.js';
import { deselectionText, selectionArgsText } from '../engine/select.js';
import { padEndWidth, stringWidth } from './width.js';
import { showOnOneLine } from './sanitize.js';

type T = ReturnType<typeof translator<PlanKey>>;

const LABEL_WIDTH = 10;

function label(t: string): string {
  return padEndWidth(t, LABEL_WIDTH);
}

/** Prefixes the first line with `head` and aligns the following lines under it. */
function block(head: string, body: string, indent: string): string[] {
  const lines = body.split('\n');
  const pad = ' '.repeat(stringWidth(head));
  return lines.map((line, i) => `${indent}${i === 0 ? head : pad}${line}`);
}

function paramValue(p: PlanParam): string {
  if (p.secret && p.value !== undefined) return MASK;
  if (p.value === undefined) return '—';
  return typeof p.value === 'string' ? (p.value === '' ? "''" : showOnOneLine(p.value)) : paramText(p.value);
}

/** How step kinds write their lines (src/steps/describe.ts), at the indentation of the step. */
function textWriter(t: T, lang: Lang, indent: string): PlanTextWriter {
  return {
    lang,
    t,
    labelled: (word, body, marker = '') => block(label(word) + ' ' + marker, body, indent),
    probe: (action) => probeLine(action, t, lang),
    oneLine: showOnOneLine,
    included: (plan) => [
      ...plan.params.map((p) => `${indent}  ${p.name}=${paramValue(p)}`),
      ...plan.steps.flatMap((s, i) => stepLines(s, i, t, lang, indent + '  ', plan.playbook.cwd)),
    ],
  };
}

/** A probe's action on one line: `$ command`, or the request. */
function probeLine(action: PlanProbeAction, t: T, lang: Lang): string {
  return probeKind(action).probeText(action, textWriter(t, lang, ''));
}

function envLines(env: readonly PlanEnv[], indent: string): string[] {
  return env.map((e) => `${indent}${e.name}=${e.secret ? MASK : showOnOneLine(e.value.text)}`);
}

function probeRetries(p: { retries: number; delayMs: number }, t: T): string {
  return p.retries > 0 ? `  ${t('paren', { text: t('probeRetries', { n: p.retries, delay: formatDuration(p.delayMs) }) })}` : '';
}

function stepLines(step: PlanStep, index: number, t: T, lang: Lang, indent: string, defaultCwd: string | undefined, showMissingRollback = true): string[] {
  const name = pickText(step.name, lang);
  // A name templated from a parameter stays on its line (␤): it cannot start a step of its own.
  const lines = [`${indent}${index + 1}. ${step.id}${name ? ` — ${showOnOneLine(name)}` : ''}`];
  const inner = indent + '   ';
  if (step.forEach?.over) lines.push(`${inner}${label(t('forEach'))} ${t('forEachOver', { over: step.forEach.over })}`);
  // Left out by --from/--only/--skip: why, and nothing of what it would do (it does not run).
  if (step.deselected) return [...lines, `${inner}${selectText(lang)('skipped', { why: deselectionText(step.deselected, lang) })}`];
  if (step.when) lines.push(...block(label(t('when')) + ' ', step.when.text, inner));
  if (step.cwd && step.cwd.text !== defaultCwd) lines.push(`${inner}${label(t('cwd'))} ${step.cwd.text}`);
  if (step.become) lines.push(`${inner}${label(t('become'))} ${step.become}`);
  lines.push(...envLines(step.env, inner + label('') + ' '));
  // A step's check, verify and rollback run in the step's cwd unless they name their own: show it only then.
  const cwdOf = (p: { cwd?: { text: string }; become?: string }) =>
    (p.cwd && p.cwd.text !== step.cwd?.text ? `  ${t('paren', { text: t('cwdColon') + p.cwd.text })}` : '') + (p.become !== step.become && p.become ? `  ${t('paren', { text: t('asUser', { user: p.become }) })}` : '');
  const probe = (action: PlanProbeAction) => probeLine(action, t, lang);
  if (step.check) lines.push(...block(label(t('check')) + ' ', probe(step.check.action) + cwdOf(step.check), inner));
  const kind = stepKind(step.action);
  lines.push(...kind.planText(step.action, textWriter(t, lang, inner)));
  const extras: string[] = [];
  if (step.retries > 0) extras.push(t('retries', { n: step.retries, delay: formatDuration(step.delayMs), backoff: step.backoff }));
  const limit = kind.timeLimit(step.action, step.timeoutMs);
  if (limit !== undefined) extras.push(t('timeout', { t: formatDuration(limit) }));
  if (step.continueOnError) extras.push(t('continueOnError'));
  if (extras.length) lines.push(`${inner}${label('')} ${t('paren', { text: extras.join(t('semicolon')) })}`);
  if (step.verify) lines.push(...block(label(t('verify')) + ' ', probe(step.verify.action) + probeRetries(step.verify, t) + cwdOf(step.verify), inner));
  if (step.rollback) {
    lines.push(...block(label(t('rollback')) + ' ', probe(step.rollback.action) + cwdOf(step.rollback), inner));
    if (step.rollback.verify) lines.push(...block(label(`└ ${t('verify')}`) + ' ', probe(step.rollback.verify.action) + probeRetries(step.rollback.verify, t), inner));
  } else if (showMissingRollback && kind.expectsRollback) {
    lines.push(`${inner}${t('noRollback')}`);
  }
  return lines;
}

function probeListLines(probes: readonly PlanProbe[], lang: Lang, t: T, defaultCwd: string | undefined): string[] {
  return probes.flatMap((p, i) => {
    const picked = pickText(p.name, lang);
    const name = picked === undefined ? undefined : showOnOneLine(picked);
    const head = `  ${i + 1}. `;
    const lines = name ? [`${head}${name}`, ...block('     ', probeLine(p.action, t, lang) + probeRetries(p, t), '')] : block(head, probeLine(p.action, t, lang) + probeRetries(p, t), '');
    if (p.cwd && p.cwd.text !== defaultCwd) lines.push(`     ${t('cwdColon')}${p.cwd.text}`);
    if (p.become) lines.push(`     ${t('asUser', { user: p.become })}`);
    return lines;
  });
}

/**
 * The plan as text. Deterministic: the same playbook and params give the same bytes. Every text is
 * shown with its secrets masked and its control characters visible (`␛[8m`), so nothing in a playbook
 * can hide part of a command from the reader.
 */
export function renderPlanText(compiled: CompiledPlan, options: { lang: Lang }): string {
  const { lang } = options;
  const secrets = collectSecrets(compiled);
  const plan = displayPlan(compiled);
  const t = translator(planCatalog, lang);
  const pb = plan.playbook;
  const out: string[] = [];
  // A playbook without a title has its name as title: say the name once.
  const title = pickText(pb.title, lang) ?? pb.name;
  out.push(title === pb.name ? t('headerName', { name: pb.name }) : t('header', { name: pb.name, title: showOnOneLine(title) }));
  const description = pickText(pb.description, lang);
  if (description) out.push(...description.trim().split('\n').map((l) => `  ${l}`));
  // The risk in the words of every other command (`风险：高`); English keeps its capitals for emphasis.
  const risk = lang === 'en' ? pb.risk.toUpperCase() : riskWord(pb.risk, lang);
  // The file and the lock on their line: a folder or a lock name with a line break must not start a line of the plan.
  out.push(`${t('file')}${showOnOneLine(pb.file)} · ${t('risk')}${risk} · ${t('steps')}${plan.steps.length} · ${t('lock')}${showOnOneLine(pb.lock)}`);
  if (pb.cwd) out.push(`${t('cwdColon')}${showOnOneLine(pb.cwd)}`);
  if (plan.sandbox) out.push(`[${t('sandbox')}]`);
  if (plan.selection) out.push(selectText(lang)('selection', { args: selectionArgsText(plan.selection) }));
  if (plan.sandbox && JSON.stringify(plan).includes('"become":')) out.push(`  ${t('becomeSandbox')}`);
  out.push('', t('params'));
  if (plan.params.length === 0) out.push(`  ${t('noParams')}`);
  const widest = Math.max(0, ...plan.params.map((p) => stringWidth(p.name)));
  const valueWidth = Math.min(60, Math.max(0, ...plan.params.map((p) => stringWidth(paramValue(p)))));
  for (const p of plan.params) {
    const source = { default: t('source'), given: t('sourceGiven'), sandbox: t('sourceSandbox'), unset: t('sourceUnset') }[p.source];
    const flags = [source, p.secret ? t('secret') : ''].filter(Boolean).join(t('comma'));
    out.push(`  ${padEndWidth(p.name, widest)}  ${padEndWidth(paramValue(p), valueWidth)}  ${t('paren', { text: flags })}`);
  }
  const visibleEnv = plan.env.filter((e) => !e.name.startsWith('RUNBOOK_SECRET_'));
  if (visibleEnv.length) out.push('', t('env'), ...envLines(visibleEnv, '  '));
  if (plan.preconditions.length) out.push('', t('preconditions'), ...probeListLines(plan.preconditions, lang, t, pb.cwd));
  out.push('', t('stepsTitle'));
  plan.steps.forEach((s, i) => out.push(...stepLines(s, i, t, lang, '  ', pb.cwd)));
  if (plan.postconditions.length) out.push('', t('postconditions'), ...probeListLines(plan.postconditions, lang, t, pb.cwd));
  if (plan.finally.length) {
    out.push('', t('finally'));
    plan.finally.forEach((s, i) => out.push(...stepLines(s, i, t, lang, '  ', pb.cwd, false)));
  }
  for (const hook of hookNames) {
    const steps = plan.hooks?.[hook] ?? [];
    if (steps.length === 0) continue;
    out.push('', t(hook));
    steps.forEach((s, i) => out.push(...stepLines(s, i, t, lang, '  ', pb.cwd, false)));
  }
  // Deferred templates read step outputs (⟨steps.…⟩) or how the run went (⟨run.…⟩, finally and hooks).
  const json = JSON.stringify(plan);
  const anyRun = json.includes('⟨run.');
  const anyDeferred = json.includes('"deferred":true') && (!anyRun || json.includes('⟨steps.'));
  if (plan.warnings.length || anyDeferred || anyRun) {
    out.push('', t('warnings'));
    for (const w of plan.warnings) out.push(`  ! ${w.location ? `${showOnOneLine(pb.file)}:${w.location.line}:${w.location.col}: ` : ''}${showOnOneLine(w.message)}`);
    if (anyDeferred) out.push(`  · ${t('deferred')}`);
    if (anyRun) out.push(`  · ${t('deferredRun')}`);
  }
  out.push('', t('nothingRun'), '');
  return redactText(out.join('\n'), secrets);
}
