// A request as the API shows it to operators (`runbook pending`, `runbook approve`): no internals, secrets already masked.
import type { ServeContext } from './context.js';
import type { RunRequest } from './store/types.js';

export interface RequestView {
  id: string;
  status: string;
  rule: string;
  alert: { alertname: string; fingerprint: string; labels: Record<string, string>; startsAt: string };
  playbook: string;
  risk: string;
  params: Record<string, string>;
  requestedBy: string;
  createdAt: string;
  expiresAt?: string;
  needsApproval: boolean;
  approvalReason?: string;
  approvers: { users: readonly string[]; groups: readonly string[]; minApprovals: number };
  decisions: { who: string; decision: string; at: string; reason?: string }[];
  reason?: string;
  runId?: string;
  outcome?: string;
  exitCode?: number;
  resolution?: string;
  silenceId?: string;
  plan?: string;
}

export async function requestView(ctx: ServeContext, r: RunRequest, withPlan = false): Promise<RequestView> {
  const decisions = (await ctx.store.decisions(r.id)).map((d) => ({ who: d.who, decision: d.decision, at: new Date(d.at).toISOString(), ...(d.reason ? { reason: d.reason } : {}) }));
  const view: RequestView = {
    id: r.id,
    status: r.status,
    rule: r.rule,
    alert: { alertname: r.alertname, fingerprint: r.fingerprint, labels: r.labels, startsAt: r.alertStartsAt },
    playbook: r.playbookName,
    risk: r.risk,
    params: r.params,
    requestedBy: r.requestedBy,
    createdAt: new Date(r.createdAt).toISOString(),
    needsApproval: r.needsApproval,
    approvers: r.approval,
    decisions,
  };
  if (r.expiresAt !== undefined) view.expiresAt = new Date(r.expiresAt).toISOString();
  if (r.approvalReason) view.approvalReason = r.approvalReason;
  if (r.reason) view.reason = r.reason;
  if (r.runId) view.runId = r.runId;
  if (r.outcome) view.outcome = r.outcome;
  if (r.exitCode !== undefined) view.exitCode = r.exitCode;
  if (r.resolution) view.resolution = r.resolution;
  if (r.silenceId) view.silenceId = r.silenceId;
  if (withPlan) view.plan = r.planSummary;
  return view;
}
