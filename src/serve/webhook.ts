// Alertmanager's webhook payload (version 4), checked whole before anything acts on it: alerts are untrusted input.

export interface Alert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
}

/** Bounds no real Alertmanager comes near; anything past them is refused rather than stored. */
const MAX_ALERTS = 1000;
const MAX_LABELS = 64;
const MAX_VALUE = 4096;

function stringMap(value: unknown, what: string): Record<string, string> | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return `${what} must be an object`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_LABELS) return `${what}: more than ${MAX_LABELS} entries`;
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(key)) return `${what}: ${JSON.stringify(key.slice(0, 40))} is not a label name`;
    if (typeof v !== 'string') return `${what}.${key} must be a string`;
    if (v.length > MAX_VALUE) return `${what}.${key} is longer than ${MAX_VALUE} characters`;
    out[key] = v;
  }
  return out;
}

/** The alerts of a webhook body, or why it is not one (answered 400, nothing done). */
export function parseWebhook(body: unknown): Alert[] | string {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (Alertmanager webhook, version 4)';
  const alerts = (body as { alerts?: unknown }).alerts;
  if (!Array.isArray(alerts)) return '`alerts` must be a list';
  if (alerts.length > MAX_ALERTS) return `more than ${MAX_ALERTS} alerts`;
  const out: Alert[] = [];
  for (const [i, raw] of alerts.entries()) {
    const a = (raw ?? {}) as Record<string, unknown>;
    const at = `alerts[${i}]`;
    if (a.status !== 'firing' && a.status !== 'resolved') return `${at}.status must be firing or resolved`;
    if (typeof a.fingerprint !== 'string' || !/^[0-9a-f]{1,64}$/.test(a.fingerprint)) return `${at}.fingerprint must be Alertmanager's hex fingerprint`;
    const labels = stringMap(a.labels, `${at}.labels`);
    if (typeof labels === 'string') return labels;
    const annotations = stringMap(a.annotations, `${at}.annotations`);
    if (typeof annotations === 'string') return annotations;
    if (typeof labels.alertname !== 'string') return `${at}.labels.alertname is missing`;
    const time = (v: unknown) => (typeof v === 'string' && v.length < 64 ? v : '');
    out.push({ status: a.status, labels, annotations, startsAt: time(a.startsAt), endsAt: time(a.endsAt), fingerprint: a.fingerprint });
  }
  return out;
}
