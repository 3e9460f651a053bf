// Semantic diff of two compiled plans: steps added, removed, reordered, changed; risk, params, rollback coverage.
import type { CompiledPlan, PlanParam, PlanProbe, PlanRollback, PlanStep, Risk } from '../engine/plan.js';
import { paramText } from '../engine/plan.js';
import { pickText, type Lang } from '../engine/text.js';
import { planCounts, stepDestructive } from './counts.js';
import { formatDuration } from '../engine/duration.js';
import { describeProbeAction } from '../steps/probe.js';
import { stepActionText } from './format.js';
import { hookNames, type HookName } from '../engine/hook-names.js';
import { MASK, maskSecrets, planSecrets } from './secrets.js';
import { maskPlan } from '../engine/plan-mask.js';
import { showLineBreaks } from '../engine/escapes.js';

/**
 * How a value that is one line (a name, a `when`, a working folder, an environment value, a parameter's value)
 * is written into the diff: compared quoted (`exact`: a break, a typed `␤` and an entry's end all differ), shown with
 * its line breaks as `␤` (showLineBreaks), so that an author's line break cannot start a line of the diff that reads
 * like the tool's own (`+ added …`).
 */
type OneLine = (text: string) => string;
const exact: OneLine = (text) => JSON.stringify(text);

export type StepList = 'steps' | 'finally';

/** A field of a step that changed, with its text before and after (secrets masked). */
export interface FieldChange {
  field: 'action' | 'check' | 'verify' | 'rollback' | 'when' | 'cwd' | 'env' | 'name' | 'timeout' | 'retries' | 'continue_on_error' | 'kind';
  before?: string;
  after?: string;
}

export type StepChange =
  | { kind: 'added'; list: StepList; id: string; index: number; action: string; destructive: string[] }
  | { kind: 'removed'; list: StepList; id: string; index: number; action: string }
  | { kind: 'moved'; list: StepList; id: string; from: number; to: number }
  | { kind: 'changed'; list: StepList; id: string; index: number; fields: FieldChange[] };

export interface ParamChange {
  name: string;
  kind: 'added' | 'removed' | 'changed';
  /** For `changed`: which attributes, before → after. */
  fields: { field: string; before: string; after: string }[];
  after?: string;
}

export interface ProbeChange {
  list: 'preconditions' | 'postconditions';
  kind: 'added' | 'removed';
  text: string;
}

export interface Counts {
  steps: number;
  destructive: number;
  gates: number;
  rollbacks: number;
}

export interface PlanDiff {
  name: string;
  title: { before: string; after: string };
  risk: { before: Risk; after: Risk };
  counts: { before: Counts; after: Counts };
  params: ParamChange[];
  /** Playbook-wide settings that changed: lock, on_interrupt, env. */
  settings: { field: string; before: string; after: string }[];
  steps: StepChange[];
  probes: ProbeChange[];
  rollback: { gained: string[]; lost: string[] };
  /** True when nothing a reviewer cares about changed. */
  same: boolean;
}

interface Side {
  plan: CompiledPlan;
  secrets: string[];
}

const show = (side: Side, text: string): string => maskSecrets(text, side.secrets);

function probeText(side: Side, probe: PlanProbe | PlanRollback | undefined): string | undefined {
  if (!probe) return undefined;
  const verify = 'verify' in probe && probe.verify ? `\n# verify\n${describeProbeAction(probe.verify.action)}` : '';
  return show(side, describeProbeAction(probe.action) + verify);
}

/** A step's fields as text: commands and probes keep their lines (a block), the others are one line each (`line`). */
function stepFields(side: Side, step: PlanStep, lang: Lang, line: OneLine): Record<FieldChange['field'], string | undefined> {
  const name = pickText(step.name, lang);
  return {
    kind: step.action.kind,
    action: show(side, stepActionText(step, lang)),
    check: probeText(side, step.check),
    verify: probeText(side, step.verify),
    rollback: probeText(side, step.rollback),
    when: step.when ? line(show(side, step.when.text)) : undefined,
    cwd: step.cwd ? line(show(side, step.cwd.text)) : undefined,
    // One entry a line: a value's own break must not read as another entry.
    env: step.env.length > 0 ? step.env.map((e) => `${e.name}=${e.secret ? MASK : line(show(side, e.value.text))}`).join('\n') : undefined,
    name: name === undefined ? undefined : line(name),
    timeout: formatDuration(step.timeoutMs),
    retries: step.retries > 0 ? `${step.retries} × ${formatDuration(step.delayMs)}` : undefined,
    continue_on_error: step.continueOnError ? 'true' : undefined,
  };
}

/** Ids that keep their relative order (longest common subsequence); the others moved. */
function stableIds(before: string[], after: string[]): Set<string> {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      keep.add(before[i]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) i++;
    else j++;
  }
  return keep;
}

function diffSteps(list: StepList, a: Side, b: Side, lang: Lang): StepChange[] {
  const before = a.plan[list];
  const after = b.plan[list];
  const beforeIds = before.map((s) => s.id);
  const afterIds = after.map((s) => s.id);
  const common = beforeIds.filter((id) => afterIds.includes(id));
  const stable = stableIds(common, afterIds.filter((id) => beforeIds.includes(id)));
  const out: StepChange[] = [];
  before.forEach((step, index) => {
    if (!afterIds.includes(step.id)) out.push({ kind: 'removed', list, id: step.id, index: index + 1, action: show(a, stepActionText(step, lang)) });
  });
  after.forEach((step, index) => {
    const old = before.find((s) => s.id === step.id);
    if (!old) {
      out.push({ kind: 'added', list, id: step.id, index: index + 1, action: show(b, stepActionText(step, lang)), destructive: stepDestructive(step).map(showLineBreaks) });
      return;
    }
    if (!stable.has(step.id)) out.push({ kind: 'moved', list, id: step.id, from: before.indexOf(old) + 1, to: index + 1 });
    // Compared exactly (a break and a typed ␤ differ), shown one line each.
    const [fa, fb] = [stepFields(a, old, lang, exact), stepFields(b, step, lang, exact)];
    const [sa, sb] = [stepFields(a, old, lang, showLineBreaks), stepFields(b, step, lang, showLineBreaks)];
    const fields: FieldChange[] = [];
    for (const field of Object.keys(fb) as FieldChange['field'][]) {
      if (fa[field] !== fb[field]) fields.push({ field, ...(sa[field] !== undefined ? { before: sa[field] } : {}), ...(sb[field] !== undefined ? { after: sb[field] } : {}) });
    }
    if (fields.length > 0) out.push({ kind: 'changed', list, id: step.id, index: index + 1, fields });
  });
  return out;
}

function paramValueText(p: PlanParam, line: OneLine): string {
  if (p.secret) return p.value === undefined ? '' : MASK;
  return p.value === undefined ? '' : line(paramText(p.value));
}

/** A parameter's attributes that a diff compares, each one line. */
function paramAttrs(p: PlanParam, line: OneLine): [string, string][] {
  return [
    ['value', paramValueText(p, line)],
    ['type', p.type],
    ['secret', String(p.secret)],
    ['pattern', line(p.pattern ?? '')],
    // Each value on its own: a value holding `, ` or a break is shown as it is, not as two.
    ['enum', (p.enum ?? []).map((v) => line(String(v))).join(', ')],
  ];
}

function diffParams(a: CompiledPlan, b: CompiledPlan): ParamChange[] {
  const out: ParamChange[] = [];
  for (const p of a.params) if (!b.params.some((q) => q.name === p.name)) out.push({ name: p.name, kind: 'removed', fields: [] });
  for (const q of b.params) {
    const p = a.params.find((x) => x.name === q.name);
    if (!p) {
      out.push({ name: q.name, kind: 'added', fields: [], after: paramValueText(q, showLineBreaks) });
      continue;
    }
    // Compared exactly, shown one line each.
    const [ea, eb] = [paramAttrs(p, exact), paramAttrs(q, exact)];
    const [sa, sb] = [paramAttrs(p, showLineBreaks), paramAttrs(q, showLineBreaks)];
    const fields = sa.flatMap(([field, before], i) => (ea[i]![1] === eb[i]![1] ? [] : [{ field, before, after: sb[i]![1] }]));
    if (fields.length > 0) out.push({ name: q.name, kind: 'changed', fields });
  }
  return out;
}

function diffProbes(list: 'preconditions' | 'postconditions', a: Side, b: Side): ProbeChange[] {
  const ta = a.plan[list].map((p) => probeText(a, p)!);
  const tb = b.plan[list].map((p) => probeText(b, p)!);
  return [
    ...ta.filter((t) => !tb.includes(t)).map((text) => ({ list, kind: 'removed' as const, text })),
    ...tb.filter((t) => !ta.includes(t)).map((text) => ({ list, kind: 'added' as const, text })),
  ];
}

/** A hook's steps, one `id: action` line each, for the settings a diff compares (masked like every text). */
function hookText(side: Side, hook: HookName, line: OneLine): string {
  return (side.plan.hooks?.[hook] ?? []).map((step) => `${step.id}: ${line(show(side, stepActionText(step, 'en')))}`).join('\n');
}

/** The playbook-wide settings, one entry a line (an entry's own breaks written by `line`). */
function settings(side: Side, line: OneLine): [string, string][] {
  const env = side.plan.env.map((e) => `${e.name}=${e.secret ? MASK : line(show(side, e.value.text))}`).join('\n');
  return [
    ['lock', line(side.plan.playbook.lock)],
    ['on_interrupt', side.plan.playbook.onInterrupt],
    ['env', env],
    ['become', line(side.plan.playbook.become ?? '')],
    ...hookNames.map((hook): [string, string] => [hook, hookText(side, hook, line)]),
  ];
}

function diffSettings(a: Side, b: Side): { field: string; before: string; after: string }[] {
  // Compared exactly, shown with an entry's breaks as ␤.
  const [ea, eb] = [settings(a, exact), settings(b, exact)];
  const [sa, sb] = [settings(a, showLineBreaks), settings(b, showLineBreaks)];
  return sa.flatMap(([field, before], i) => (ea[i]![1] === eb[i]![1] ? [] : [{ field, before, after: sb[i]![1] }]));
}

/** Compares two compiled versions of a playbook. */
export function diffPlans(compiledBefore: CompiledPlan, compiledAfter: CompiledPlan, options: { lang: Lang }): PlanDiff {
  // Every text of both versions masked at the source (names and titles too), not only where a field masks it.
  const a: Side = { plan: maskPlan(compiledBefore), secrets: planSecrets(compiledBefore) };
  const b: Side = { plan: maskPlan(compiledAfter), secrets: planSecrets(compiledAfter) };
  const before = a.plan;
  const after = b.plan;
  const steps = [...diffSteps('steps', a, b, options.lang), ...diffSteps('finally', a, b, options.lang)];
  const withRollback = (plan: CompiledPlan) => new Set(plan.steps.filter((s) => s.rollback).map((s) => s.id));
  const ra = withRollback(before);
  const rb = withRollback(after);
  const afterIds = new Set(after.steps.map((s) => s.id));
  const diff: PlanDiff = {
    name: after.playbook.name,
    title: { before: pickText(before.playbook.title, options.lang) ?? '', after: pickText(after.playbook.title, options.lang) ?? '' },
    risk: { before: before.playbook.risk, after: after.playbook.risk },
    counts: { before: planCounts(before), after: planCounts(after) },
    params: diffParams(before, after),
    settings: diffSettings(a, b),
    steps,
    probes: [...diffProbes('preconditions', a, b), ...diffProbes('postconditions', a, b)],
    rollback: {
      gained: [...rb].filter((id) => !ra.has(id)),
      // A removed step's rollback is not "lost coverage": the step is gone too.
      lost: [...ra].filter((id) => !rb.has(id) && afterIds.has(id)),
    },
    same: false,
  };
  diff.same =
    diff.params.length === 0 &&
    diff.settings.length === 0 &&
    diff.steps.length === 0 &&
    diff.probes.length === 0 &&
    diff.risk.before === diff.risk.after &&
    diff.title.before === diff.title.after &&
    before.playbook.name === after.playbook.name;
  return diff;
}
