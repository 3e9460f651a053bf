// The hosts part of `plan` for a playbook with `targets`: the hosts, the batches, and each host's rendered commands (text and Markdown).
import { batchSize, failuresAllowed, planBatches } from '../engine/run/batches.js';
import type { CompiledPlan } from '../engine/plan.js';
import type { Lang } from '../engine/text.js';
import { translator } from '../i18n/index.js';
import { planCatalog } from '../i18n/plan.js';
import { stepKind } from '../steps/index.js';

/** A playbook's rollout as `plan` shows it: the hosts selected, and the plan compiled for each (its `{{host.*}}` filled in). */
export interface HostsPlan {
  pattern: string;
  hosts: { name: string; address: string; plan: CompiledPlan }[];
}

interface Rollout {
  title: string;
  batches: string[];
  perHost: { heading: string; lines: string[] }[];
}

/** The steps that run on a host: `on: targets`, not left out by the selection. */
const onHost = (plan: CompiledPlan) => plan.steps.filter((s) => s.on === 'targets' && !s.deselected);

function rolloutOf(plan: CompiledPlan, hp: HostsPlan, lang: Lang): Rollout {
  const t = translator(planCatalog, lang);
  const spec = plan.targets!;
  const names = hp.hosts.map((h) => h.name);
  const serial = spec.serial === undefined ? t('hosts.all') : `${spec.serial} (${batchSize(spec, names.length)})`;
  const title = t('hosts.title', { pattern: hp.pattern, count: names.length, serial, maxFail: `${spec.maxFail} (${failuresAllowed(spec, names.length)})`, onMaxFail: spec.onMaxFail });
  const batches = spec.order === 'random' ? [t('hosts.random')] : planBatches(spec, names).map((b, i) => t('hosts.batch', { n: i + 1, hosts: b.join(', ') }));
  const perHost = hp.hosts.map((h) => ({
    heading: t('hosts.onHost', { host: h.name, address: h.address }),
    lines: onHost(h.plan).map((s) => `${s.id}: ${stepKind(s.action).summary(s.action, lang)}`),
  }));
  return { title, batches, perHost };
}

export function renderHostsText(plan: CompiledPlan, hp: HostsPlan, lang: Lang): string {
  const r = rolloutOf(plan, hp, lang);
  const out = ['', r.title, ...r.batches.map((b) => `  ${b}`)];
  for (const h of r.perHost) out.push('', h.heading, ...h.lines.flatMap((l) => l.split('\n').map((line, i) => (i === 0 ? `  ${line}` : `    ${line}`))));
  return out.join('\n') + '\n';
}

export function renderHostsMarkdown(plan: CompiledPlan, hp: HostsPlan, lang: Lang): string {
  const r = rolloutOf(plan, hp, lang);
  const out = ['', `### ${r.title}`, '', ...r.batches.map((b) => `- ${b}`)];
  for (const h of r.perHost) out.push('', `**${h.heading}**`, '', '```sh', ...h.lines, '```');
  return out.join('\n') + '\n';
}

/** The hosts part of `plan --format json`: the pattern, the batches (none when drawn at run time) and each host's steps on it. */
export function hostsJson(plan: CompiledPlan, hp: HostsPlan, lang: Lang): object {
  const spec = plan.targets!;
  const names = hp.hosts.map((h) => h.name);
  return {
    pattern: hp.pattern,
    serial: batchSize(spec, names.length),
    maxFail: failuresAllowed(spec, names.length),
    onMaxFail: spec.onMaxFail,
    order: spec.order,
    ...(spec.order === 'random' ? {} : { batches: planBatches(spec, names) }),
    hosts: hp.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      steps: onHost(h.plan).map((s) => ({ id: s.id, action: stepKind(s.action).summary(s.action, lang) })),
    })),
  };
}
