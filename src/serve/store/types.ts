// The state of `runbook serve` that survives a restart: requests (pending approvals, the run queue, runs), decisions, claims.
import type { Approval } from '../rules.js';

/**
 * A request's life: `pending` (waits for approvals) → `queued` (approved, or auto; waits for a slot) →
 * `running` → `finished`. Or it ends without a run: `refused` (a parameter failed its check, a rate
 * limit), `denied`, `expired` (no approval in time), `cancelled` (the alert resolved first, or stopped firing).
 */
export type RequestStatus = 'pending' | 'queued' | 'running' | 'finished' | 'refused' | 'denied' | 'expired' | 'cancelled';
export const ACTIVE_STATUSES: readonly RequestStatus[] = ['pending', 'queued', 'running'];

export interface RunRequest {
  id: string;
  rule: string;
  fingerprint: string;
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The alert's own start (Alertmanager's startsAt), ISO. */
  alertStartsAt: string;
  /** Absolute path of the playbook. */
  playbook: string;
  playbookName: string;
  risk: 'low' | 'medium' | 'high';
  /** The parameters, rendered from the alert and checked as `plan` checks them; secret ones are not stored. */
  params: Record<string, string>;
  needsApproval: boolean;
  /** Why approval is needed (`rule`, `risk`, `gate`). */
  approvalReason?: 'rule' | 'risk' | 'gate';
  approval: Omit<Approval, 'timeoutMs'>;
  /** Short text of the compiled plan, for the approval notification and `runbook pending`. */
  planSummary: string;
  status: RequestStatus;
  /** Why it ended without a run, or how the run ended. */
  reason?: string;
  /** Who sent the alert (the webhook's operator name): they cannot approve it. */
  requestedBy: string;
  createdAt: number;
  /** When a pending request expires. */
  expiresAt?: number;
  /** The server that acts on it, and until when its lease holds. */
  owner: string;
  leaseUntil: number;
  /** The host and pid of the `runbook play` process. */
  host?: string;
  pid?: number;
  runId?: string;
  journalDir?: string;
  silenceId?: string;
  startedAt?: number;
  finishedAt?: number;
  /** The run's status (`ok`, `failed`, …), or `crashed` (the process died without saying) or `lost`. */
  outcome?: string;
  exitCode?: number;
  /** After a successful run: waiting for the alert to resolve, resolved, or did not resolve in time. */
  resolution?: 'waiting' | 'resolved' | 'unresolved';
  resolveBy?: number;
  resolvedAt?: number;
  /** Who approved, when: also written beside the run's journal (serve.json). */
  approvedBy?: { who: string; at: number; reason?: string }[];
  /** sha256 of the playbook file when the request was made: a run refuses a playbook changed since. */
  playbookSha256?: string;
  /** The playbook's lock key (its run holds it while the silence is renewed). */
  lockKey?: string;
  /** Optimistic concurrency: every update names the version it read. */
  version: number;
}

export interface Decision {
  requestId: string;
  who: string;
  decision: 'approve' | 'deny';
  reason?: string;
  at: number;
}

/** One store, two implementations (SQLite for one server, PostgreSQL for several): the same tests run against both. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  init(): Promise<void>;
  close(): Promise<void>;
  /**
   * Takes the alert for this request unless another request holds it: one request per rule and fingerprint
   * until its claim ends (a request ends + the cooldown). Atomic: of two servers, exactly one gets true.
   */
  claim(rule: string, fingerprint: string, requestId: string, now: number): Promise<boolean>;
  /** Sets when the claim of this request ends (the request ended: now + cooldown; cancelled: now). */
  endClaim(rule: string, fingerprint: string, requestId: string, until: number): Promise<void>;
  insert(request: RunRequest): Promise<void>;
  get(id: string): Promise<RunRequest | undefined>;
  list(filter?: { statuses?: readonly RequestStatus[]; fingerprint?: string }): Promise<RunRequest[]>;
  /** Writes the request if its version is still `request.version`; the new version, or undefined when someone else wrote first. */
  update(request: RunRequest): Promise<number | undefined>;
  /** One decision per operator and request; false when they already decided. */
  decide(decision: Decision): Promise<boolean>;
  decisions(requestId: string): Promise<Decision[]>;
  /** Requests of the rule whose run started at or after `since`. */
  countStarted(rule: string, since: number): Promise<number>;
  /** Requests of the rule running now. */
  countRunning(rule: string): Promise<number>;
  /**
   * As update, for a request becoming `running`: only while fewer than `max` requests of its rule run.
   * Atomic across servers (the count and the change are one step), so two servers cannot both take the last slot.
   */
  startRunning(request: RunRequest, max: number): Promise<number | undefined>;
  /** Extends the lease of every active request this server owns. */
  renew(owner: string, until: number): Promise<void>;
  /** Takes over active requests whose owner's lease ran out (a server died); running ones only on this host. */
  takeOver(owner: string, host: string, now: number, until: number): Promise<string[]>;
}

/** The row columns every implementation keeps beside the JSON of the request. */
export function columnsOf(r: RunRequest): { id: string; rule: string; fingerprint: string; status: string; owner: string; leaseUntil: number; host: string; startedAt: number | null; createdAt: number; version: number; data: string } {
  return { id: r.id, rule: r.rule, fingerprint: r.fingerprint, status: r.status, owner: r.owner, leaseUntil: r.leaseUntil, host: r.host ?? '', startedAt: r.startedAt ?? null, createdAt: r.createdAt, version: r.version, data: JSON.stringify(r) };
}

/** A request from its row: the columns win over the JSON (takeOver and renew change only the columns). */
export function requestOf(row: { data: string; owner: string; lease_until: number | string; version: number | string }): RunRequest {
  const r = JSON.parse(row.data) as RunRequest;
  return { ...r, owner: row.owner, leaseUntil: Number(row.lease_until), version: Number(row.version) };
}

export interface DecisionRow {
  request_id: string;
  who: string;
  decision: string;
  reason: string | null;
  at: number | string;
}

export function decisionOf(row: DecisionRow): Decision {
  const d: Decision = { requestId: row.request_id, who: row.who, decision: row.decision === 'deny' ? 'deny' : 'approve', at: Number(row.at) };
  if (row.reason !== null) d.reason = row.reason;
  return d;
}
