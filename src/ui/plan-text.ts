// Renders a compiled plan as text for the terminal and for review: deterministic, secrets masked.
import type { CompiledPlan, PlanAction, PlanEnv, PlanHttp, PlanParam, PlanProbe, PlanProbeAction, PlanStep } from '../engine/plan.js';
import { collectSecrets } from '../engine/compile.js';
import { MASK, redactText } from '../engine/redact.js';
import { displayPlan } from './display.js';
import { formatDuration } from '../engine/duration.js';
import { pickText, type Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { planCatalog } from '../i18n/plan.js';
import { riskWord } from '../i18n/words.js';
import { padEndWidth, stringWidth } from './width.js';

type T = ReturnType<typeof translator<keyof (typeof planCatalog)['en']>>;

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

export function describeHttp(request: PlanHttp, t?: T): string {
  const expectations: string[] = [request.status ? request.status.join('|') : '2xx'];
  for (const { path, expected } of request.json) expectations.push(`${path}=${JSON.stringify(expected)}`);
  if (request.contains !== undefined) expectations.push(`contains ${JSON.stringify(request.contains)}`);
  const headers = request.headers.map((h) => ` -H ${JSON.stringify(`${h.name}: ${h.value.text}`)}`).join('');
  const body = request.body ? ` ${request.body.text}` : '';
  return `${request.method} ${request.url.text}${headers}${body} → ${t ? t('expect') + ' ' : ''}${expectations.join(', ')}`;
}

function probeLine(action: PlanProbeAction): string {
  return action.kind === 'run' ? `$ ${action.command.text}` : describeHttp(action.request);
}

function paramValue(p: PlanParam): string {
  if (p.secret && p.value !== undefined) return MASK;
  if (p.value === undefined) return '—';
  return typeof p.value === 'string' ? (p.value === '' ? "''" : p.value) : String(p.value);
}

function envLines(env: readonly PlanEnv[], indent: string): string[] {
  return env.map((e) => `${indent}${e.name}=${e.secret ? MASK : e.value.text}`);
}

function actionLines(action: PlanAction, t: T, lang: Lang, indent: string): string[] {
  switch (action.kind) {
    case 'run':
      return block(label(t('run')) + ' $ ', action.command.text, indent);
    case 'http':
      return block(label(t('http')) + ' ', describeHttp(action.request), indent);
    case 'wait':
      return block(label(t('wait')) + ' ', `${probeLine(action.probe)}  ${t('paren', { text: t('timeout', { t: formatDuration(action.timeoutMs) }) + t('comma') + t('every', { t: formatDuration(action.intervalMs) }) })}`, indent);
    case 'confirm': {
      const word = action.typeWord ? `  ${t('paren', { text: t('typeWord', { word: action.typeWord.text }) })}` : '';
      return block(label(t('confirm')) + ' ', `${pickText(action.message, lang) ?? ''}${word}`, indent);
    }
    case 'playbook': {
      const nested = action.plan;
      const lines = [`${indent}${label(t('include'))} ${action.path} (${nested?.playbook.name ?? '?'})`];
      if (nested) {
        for (const p of nested.params) lines.push(`${indent}  ${p.name}=${paramValue(p)}`);
        nested.steps.forEach((s, i) => lines.push(...stepLines(s, i, t, lang, indent + '  ', nested.playbook.cwd)));
      }
      return lines;
    }
    case 'notify':
      return block(label(t('notify')) + ' ', `${action.via} ${action.url.text}: ${action.title ? action.title.text + ' — ' : ''}${action.message.text}`, indent);
  }
}

function probeRetries(p: { retries: number; delayMs: number }, t: T): string {
  return p.retries > 0 ? `  ${t('paren', { text: t('probeRetries', { n: p.retries, delay: formatDuration(p.delayMs) }) })}` : '';
}

function stepLines(step: PlanStep, index: number, t: T, lang: Lang, indent: string, defaultCwd: string | undefined, showMissingRollback = true): string[] {
  const name = pickText(step.name, lang);
  const lines = [`${indent}${index + 1}. ${step.id}${name ? ` — ${name}` : ''}`];
  const inner = indent + '   ';
  if (step.when) lines.push(...block(label(t('when')) + ' ', step.when.text, inner));
  if (step.cwd && step.cwd.text !== defaultCwd) lines.push(`${inner}${label(t('cwd'))} ${step.cwd.text}`);
  lines.push(...envLines(step.env, inner + label('') + ' '));
  // A step's check, verify and rollback run in the step's cwd unless they name their own: show it only then.
  const cwdOf = (p: { cwd?: { text: string } }) => (p.cwd && p.cwd.text !== step.cwd?.text ? `  ${t('paren', { text: t('cwdColon') + p.cwd.text })}` : '');
  if (step.check) lines.push(...block(label(t('check')) + ' ', probeLine(step.check.action) + cwdOf(step.check), inner));
  lines.push(...actionLines(step.action, t, lang, inner));
  const extras: string[] = [];
  if (step.retries > 0) extras.push(t('retries', { n: step.retries, delay: formatDuration(step.delayMs), backoff: step.backoff }));
  // The effective time limit: an HTTP request is bounded by its own timeout and the step's.
  if (step.action.kind === 'run') extras.push(t('timeout', { t: formatDuration(step.timeoutMs) }));
  if (step.action.kind === 'http') extras.push(t('timeout', { t: formatDuration(Math.min(step.timeoutMs, step.action.request.timeoutMs)) }));
  if (step.continueOnError) extras.push(t('continueOnError'));
  if (extras.length) lines.push(`${inner}${label('')} ${t('paren', { text: extras.join(t('semicolon')) })}`);
  if (step.verify) lines.push(...block(label(t('verify')) + ' ', probeLine(step.verify.action) + probeRetries(step.verify, t) + cwdOf(step.verify), inner));
  if (step.rollback) {
    lines.push(...block(label(t('rollback')) + ' ', probeLine(step.rollback.action) + cwdOf(step.rollback), inner));
    if (step.rollback.verify) lines.push(...block(label(`└ ${t('verify')}`) + ' ', probeLine(step.rollback.verify.action) + probeRetries(step.rollback.verify, t), inner));
  } else if (showMissingRollback && ['run', 'http', 'playbook'].includes(step.action.kind)) {
    lines.push(`${inner}${t('noRollback')}`);
  }
  return lines;
}

function probeListLines(probes: readonly PlanProbe[], lang: Lang, t: T, defaultCwd: string | undefined): string[] {
  return probes.flatMap((p, i) => {
    const name = pickText(p.name, lang);
    const head = `  ${i + 1}. `;
    const lines = name ? [`${head}${name}`, ...block('     ', probeLine(p.action) + probeRetries(p, t), '')] : block(head, probeLine(p.action) + probeRetries(p, t), '');
    if (p.cwd && p.cwd.text !== defaultCwd) lines.push(`     ${t('cwdColon')}${p.cwd.text}`);
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
  out.push(title === pb.name ? t('headerName', { name: pb.name }) : t('header', { name: pb.name, title }));
  const description = pickText(pb.description, lang);
  if (description) out.push(...description.trim().split('\n').map((l) => `  ${l}`));
  // The risk in the words of every other command (`风险：高`); English keeps its capitals for emphasis.
  const risk = lang === 'en' ? pb.risk.toUpperCase() : riskWord(pb.risk, lang);
  out.push(`${t('file')}${pb.file} · ${t('risk')}${risk} · ${t('steps')}${plan.steps.length} · ${t('lock')}${pb.lock}`);
  if (pb.cwd) out.push(`${t('cwdColon')}${pb.cwd}`);
  if (plan.sandbox) out.push(`[${t('sandbox')}]`);
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
  const anyDeferred = JSON.stringify(plan).includes('"deferred":true');
  if (plan.warnings.length || anyDeferred) {
    out.push('', t('warnings'));
    for (const w of plan.warnings) out.push(`  ! ${w.location ? `${pb.file}:${w.location.line}:${w.location.col}: ` : ''}${w.message}`);
    if (anyDeferred) out.push(`  · ${t('deferred')}`);
  }
  out.push('', t('nothingRun'), '');
  return redactText(out.join('\n'), secrets);
}
