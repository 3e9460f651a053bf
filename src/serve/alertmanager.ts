// Alertmanager's API v2 as the server uses it: is an alert still firing, and silences while a run goes on.

export interface AlertState {
  fingerprint: string;
  labels: Record<string, string>;
  /** `active`, `suppressed` (silenced or inhibited: still firing) or `unprocessed`. */
  state: string;
  endsAt?: string;
}

/** A failed call: the status, or the network error, for the server's log. */
export class AlertmanagerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AlertmanagerError';
  }
}

const TIMEOUT_MS = 5000;

/** A label matcher in the API's filter syntax: `name="value"`, the value escaped as Alertmanager parses it. */
export function equalityFilter(name: string, value: string): string {
  return `${name}=${JSON.stringify(value)}`;
}

export class Alertmanager {
  constructor(
    readonly url: string,
    /** An `Authorization` header value for Alertmanager, when it sits behind one. */
    private readonly authorization?: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.authorization) headers.authorization = this.authorization;
    let response: Response;
    try {
      response = await fetch(new URL(path, this.url.endsWith('/') ? this.url : `${this.url}/`), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (error) {
      throw new AlertmanagerError(`${method} ${path}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw new AlertmanagerError(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`, response.status);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  /**
   * The alert with this fingerprint if Alertmanager has it firing (silenced or inhibited ones too), else
   * undefined (resolved, or never seen). Filtered by its labels so the answer stays small.
   */
  async firing(fingerprint: string, labels: Readonly<Record<string, string>>): Promise<AlertState | undefined> {
    const query = new URLSearchParams({ active: 'true', silenced: 'true', inhibited: 'true', unprocessed: 'true' });
    for (const [name, value] of Object.entries(labels)) query.append('filter', equalityFilter(name, value));
    const answer = await this.call('GET', `api/v2/alerts?${query}`);
    if (!Array.isArray(answer)) throw new AlertmanagerError('GET api/v2/alerts: the answer is not a list');
    const now = Date.now();
    for (const item of answer as { fingerprint?: unknown; labels?: unknown; status?: { state?: unknown }; endsAt?: unknown }[]) {
      if (item?.fingerprint !== fingerprint) continue;
      const endsAt = typeof item.endsAt === 'string' ? item.endsAt : undefined;
      // An alert whose end has passed is resolved, whatever a lagging list says.
      if (endsAt && Date.parse(endsAt) <= now && !endsAt.startsWith('0001')) return undefined;
      const state: AlertState = { fingerprint, labels: (item.labels ?? {}) as Record<string, string>, state: typeof item.status?.state === 'string' ? item.status.state : 'active' };
      if (endsAt) state.endsAt = endsAt;
      return state;
    }
    return undefined;
  }

  /** Creates (or, with `id`, extends) a silence on exactly these labels until `endsAt`; the silence's id. */
  async silence(labels: Readonly<Record<string, string>>, endsAt: Date, comment: string, id?: string): Promise<string> {
    const matchers = Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
    const body = { ...(id ? { id } : {}), matchers, startsAt: new Date().toISOString(), endsAt: endsAt.toISOString(), createdBy: 'runbook', comment };
    const answer = (await this.call('POST', 'api/v2/silences', body)) as { silenceID?: unknown } | undefined;
    if (typeof answer?.silenceID !== 'string') throw new AlertmanagerError('POST api/v2/silences: no silenceID in the answer');
    return answer.silenceID;
  }

  /** Expires a silence now. One already gone is no error. */
  async expire(id: string): Promise<void> {
    try {
      await this.call('DELETE', `api/v2/silence/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof AlertmanagerError && error.status === 404) return;
      throw error;
    }
  }

  /** A silence as Alertmanager keeps it (for tests and `pending`): its state and end. */
  async getSilence(id: string): Promise<{ state: string; endsAt: string; comment: string; createdBy: string } | undefined> {
    try {
      const s = (await this.call('GET', `api/v2/silence/${encodeURIComponent(id)}`)) as { status?: { state?: string }; endsAt?: string; comment?: string; createdBy?: string };
      return { state: s.status?.state ?? '', endsAt: s.endsAt ?? '', comment: s.comment ?? '', createdBy: s.createdBy ?? '' };
    } catch (error) {
      if (error instanceof AlertmanagerError && error.status === 404) return undefined;
      throw error;
    }
  }
}
