// The words of the server's notifications, from a request (secret parameters are already masked in it).
import { formatDuration } from '../engine/duration.js';
import type { Lang } from '../i18n/index.js';
import { serveText } from '../i18n/serve.js';
import type { Message } from './notifier.js';
import type { RunRequest } from './store/types.js';
import { showOnOneLine } from '../ui/sanitize.js';

function alertLine(r: RunRequest): string {
  const labels = Object.entries(r.labels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${showOnOneLine(JSON.stringify(v))}`)
    .join(', ');
  return `${showOnOneLine(r.alertname)}{${labels}}`;
}

function paramsLine(r: RunRequest): string {
  const entries = Object.entries(r.params);
  return entries.length ? entries.map(([k, v]) => `${k}=${showOnOneLine(v)}`).join(' ') : '—';
}

/** `--server <url>` for the commands in a message, when the server knows the address operators reach it at. */
function serverFlag(publicUrl: string | undefined): string {
  return publicUrl ? ` --server ${publicUrl}` : '';
}

export function approvalMessage(r: RunRequest, options: { lang: Lang; publicUrl?: string; approvals: number }): Message {
  const t = serveText(options.lang);
  const who = [...r.approval.users, ...r.approval.groups.map((g) => `@${g}`)].join(', ') || t('msg.anyOperator');
  const reason = t(r.approvalReason === 'risk' ? 'msg.whyRisk' : r.approvalReason === 'gate' ? 'msg.whyGate' : 'msg.whyRule');
  const body = [
    `${t('msg.alert')}${alertLine(r)}`,
    `${t('msg.rule')}${r.rule} · ${t('msg.playbook')}${r.playbookName} · ${t('msg.risk')}${r.risk}`,
    `${t('msg.params')}${paramsLine(r)}`,
    `${t('msg.why')}${reason}`,
    `${t('msg.approvers')}${who} · ${t('msg.needed', { n: r.approval.minApprovals, have: options.approvals })}`,
    r.expiresAt ? `${t('msg.expires')}${new Date(r.expiresAt).toISOString()}` : '',
    `${t('msg.approve')}\`runbook approve ${r.id}${serverFlag(options.publicUrl)}\``,
    `${t('msg.deny')}\`runbook approve ${r.id} --deny --reason "…"${serverFlag(options.publicUrl)}\``,
    '',
    t('msg.plan'),
    '```',
    r.planSummary.trimEnd(),
    '```',
  ].filter((line, i) => line !== '' || i === 8);
  return { title: t('msg.approvalTitle', { playbook: r.playbookName, alert: showOnOneLine(r.alertname), id: r.id }), body: body.join('\n') };
}

export function startedMessage(r: RunRequest, lang: Lang): Message {
  const t = serveText(lang);
  const approved = r.approvedBy?.length ? `\n${t('msg.approvedBy')}${r.approvedBy.map((a) => `${a.who} (${new Date(a.at).toISOString()})`).join(', ')}` : '';
  return { title: t('msg.startedTitle', { playbook: r.playbookName, alert: showOnOneLine(r.alertname), id: r.id }), body: `${t('msg.alert')}${alertLine(r)}\n${t('msg.params')}${paramsLine(r)}${approved}` };
}

export function finishedMessage(r: RunRequest, lang: Lang): Message {
  const t = serveText(lang);
  const lines = [`${t('msg.alert')}${alertLine(r)}`, `${t('msg.outcome')}${r.outcome ?? r.status}${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''}`];
  if (r.reason) lines.push(`${t('msg.reason')}${showOnOneLine(r.reason)}`);
  if (r.runId) lines.push(`${t('msg.logs')}\`runbook logs ${r.runId}\``);
  const title = r.status === 'finished' ? t('msg.finishedTitle', { playbook: r.playbookName, outcome: r.outcome ?? '', id: r.id }) : t('msg.endedTitle', { playbook: r.playbookName, status: r.status, id: r.id });
  return { title, body: lines.join('\n') };
}

export function unresolvedMessage(r: RunRequest, lang: Lang, resolveWithinMs: number): Message {
  const t = serveText(lang);
  const body = [`${t('msg.alert')}${alertLine(r)}`, t('msg.unresolvedBody', { playbook: r.playbookName, within: formatDuration(resolveWithinMs) }), r.runId ? `${t('msg.logs')}\`runbook logs ${r.runId}\`` : ''].filter(Boolean);
  return { title: t('msg.unresolvedTitle', { alert: showOnOneLine(r.alertname), id: r.id }), body: body.join('\n') };
}

export function refusedMessage(r: RunRequest, lang: Lang): Message {
  const t = serveText(lang);
  return { title: t('msg.refusedTitle', { playbook: r.playbookName, alert: showOnOneLine(r.alertname), id: r.id }), body: `${t('msg.alert')}${alertLine(r)}\n${t('msg.reason')}${showOnOneLine(r.reason ?? '')}` };
}
