// From an alert and its rule to what would run: the rule's parameter templates rendered from the alert, then
// the playbook compiled by the engine itself, so a value is checked (type, pattern, enum) exactly as `plan` checks it.
import type { CompiledPlan, PlanStep } from '../engine/plan.js';
import { InvalidPlaybookError } from '../engine/errors.js';
import { parseTemplate } from '../engine/template.js';
import { stepKind } from '../steps/index.js';
import type { Lang } from '../i18n/index.js';
import { serveText } from '../i18n/serve.js';
import type { Rule } from './rules.js';
import type { Alert } from './webhook.js';

export type Prepared =
  | {
      ok: true;
      /** The parameters as `runbook play -p` takes them (text). */
      params: Record<string, string>;
      /** Names of the playbook's secret parameters among them: passed through the environment, stored masked. */
      secret: string[];
      plan: CompiledPlan;
      playbookSha256: string;
      /** Why a person must approve, whatever the rule says; undefined when nobody must. */
      approvalReason: 'rule' | 'risk' | 'gate' | undefined;
      /** `runbook plan`'s text of the plan (secrets masked). */
      summary: string;
    }
  | { ok: false; reason: string };

const MAX_SUMMARY = 8 * 1024;

/** The rule's parameters rendered from the alert's labels and annotations; a name the alert lacks is a refusal. */
export async function renderParams(rule: Rule, alert: Pick<Alert, 'labels' | 'annotations'>, lang: Lang): Promise<Record<string, string> | string> {
  const t = serveText(lang);
  const { compileTemplate } = await import('../engine/template-render.js');
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(rule.params)) {
    const parsed = parseTemplate(template, 'text');
    const annotations = { ...alert.annotations };
    for (const ref of parsed.references) {
      const [scope, key] = ref.parts as [string, string];
      // Labels are the alert's identity: a rule that reads one the alert lacks matched the wrong alert.
      // Annotations are optional prose: a missing one reads as empty.
      if (scope === 'annotations') {
        if (!Object.hasOwn(annotations, key)) annotations[key] = '';
      } else if (scope !== 'labels' || !Object.hasOwn(alert.labels, key)) {
        return t('refuse.missingLabel', { name, ref: ref.parts.join('.') });
      }
    }
    // A text template: the value is inserted as it is (no quoting: it becomes an argv element, and the
    // engine's own checks come next).
    out[name] = compileTemplate(parsed, new Set())({ labels: { ...alert.labels }, annotations });
  }
  return out;
}

/** Whether a human gate is among the steps, included playbooks' steps too: the kinds say which are gates and which include. */
function hasGate(steps: readonly PlanStep[]): boolean {
  return steps.some((s) => {
    const kind = stepKind(s.action);
    if (kind.gate) return true;
    const included = kind.included?.(s.action);
    return included !== undefined && (hasGate(included.plan.steps) || hasGate(included.plan.finally));
  });
}

/**
 * What the server would run for this alert, or why it refuses. The invariants: a `risk: high`
 * playbook, or one with a `confirm` gate (`--yes` would answer it), always needs approval.
 */
export async function prepare(rule: Rule, alert: Pick<Alert, 'labels' | 'annotations'>, options: { lang: Lang; env: NodeJS.ProcessEnv; sandbox?: Record<string, string> }): Promise<Prepared> {
  const t = serveText(options.lang);
  const params = await renderParams(rule, alert, options.lang);
  if (typeof params === 'string') return { ok: false, reason: params };
  const { loadPlaybookFile } = await import('../engine/load.js');
  const { compilePlaybook } = await import('../engine/compile.js');
  const { renderPlanText } = await import('../ui/plan-text.js');
  let plan: CompiledPlan;
  let sha256: string;
  try {
    const loaded = await loadPlaybookFile(rule.playbook, { lang: options.lang });
    sha256 = loaded.sha256;
    // RUNBOOK_PARAM_* of the server's environment would fill what the rule does not give, as for `play`.
    plan = await compilePlaybook(loaded, { params, env: options.env, lang: options.lang, ...(options.sandbox ? { sandbox: options.sandbox } : {}) });
  } catch (error) {
    if (error instanceof InvalidPlaybookError) {
      const reasons = error.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      return { ok: false, reason: t('refuse.invalid', { reasons: reasons.join('; ') }) };
    }
    return { ok: false, reason: t('refuse.load', { reason: (error as Error).message }) };
  }
  const secret = plan.params.filter((p) => p.secret && p.name in params).map((p) => p.name);
  const approvalReason = plan.playbook.risk === 'high' ? 'risk' : hasGate(plan.steps) || hasGate(plan.finally) ? 'gate' : rule.policy === 'approve' ? 'rule' : undefined;
  let summary = renderPlanText(plan, { lang: options.lang });
  if (summary.length > MAX_SUMMARY) summary = `${summary.slice(0, MAX_SUMMARY)}\n…`;
  return { ok: true, params, secret, plan, playbookSha256: sha256, approvalReason, summary };
}
