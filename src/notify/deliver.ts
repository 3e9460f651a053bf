// Posting a notification: one JSON POST, retried with backoff on 5xx/429 and network errors within a time budget.
//
// Shared by the `notify` step and `runbook serve`. It never follows a redirect (a webhook that redirects
// is a failure, not a reason to send the message elsewhere), checks WeChat Work's `errcode` in a 200
// answer, and reports failures as data: the caller words them in its own messages.

export type Via = 'wecom' | 'webhook' | 'gateway';

export type DeliveryFailure =
  | { kind: 'status'; status: number }
  | { kind: 'errcode'; code: number; message: string }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout'; ms: number }
  | { kind: 'aborted' };

export type Delivery = { ok: true; attempts: number; body: string } | { ok: false; attempts: number; failure: DeliveryFailure; body?: string };

export interface DeliverOptions {
  /** Each attempt's limit (cut to what is left of `retryWithinMs`). */
  timeoutMs: number;
  /** All attempts and the waits between them end within this (default: one attempt only, of `timeoutMs`). */
  retryWithinMs?: number;
  /** The first wait before a retry; doubled each time (default 250 ms). */
  backoffMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Statuses worth another try: the receiver is overloaded or broken for now. */
export function isRetryable(failure: DeliveryFailure): boolean {
  if (failure.kind === 'status') return failure.status === 429 || failure.status >= 500;
  return failure.kind === 'network' || failure.kind === 'timeout';
}

/** Seconds (or an HTTP date) of a Retry-After header, in ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function attempt(via: Via, url: string, body: string, options: DeliverOptions): Promise<{ ok: true; body: string } | { ok: false; failure: DeliveryFailure; body?: string; retryAfterMs?: number }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      redirect: 'manual',
    });
    const text = await response.text();
    if (!response.ok) {
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      return { ok: false, failure: { kind: 'status', status: response.status }, body: text, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    }
    if (via === 'wecom') {
      // The robot answers 200 with {"errcode": 93000, ...} when the key is wrong.
      try {
        const answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
        if (typeof answer.errcode === 'number' && answer.errcode !== 0) {
          // 45009: the robot's rate limit (20 messages a minute): worth another try, like a 429.
          const failure: DeliveryFailure = { kind: 'errcode', code: answer.errcode, message: typeof answer.errmsg === 'string' ? answer.errmsg : '' };
          return { ok: false, failure, body: text };
        }
      } catch {
        // not JSON: trust the status
      }
    }
    return { ok: true, body: text };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, failure: { kind: 'aborted' } };
    if (timeout.aborted) return { ok: false, failure: { kind: 'timeout', ms: options.timeoutMs } };
    return { ok: false, failure: { kind: 'network', error } };
  }
}

/** The least time worth giving another attempt (unless each attempt's limit is shorter). */
const MIN_ATTEMPT_MS = 500;

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Posts `payload` as JSON to `url`; retries what is worth retrying while the budget lasts. */
export async function deliver(via: Via, url: string, payload: unknown, options: DeliverOptions): Promise<Delivery> {
  const body = JSON.stringify(payload);
  const budget = options.retryWithinMs;
  const deadline = Date.now() + (budget ?? options.timeoutMs);
  let wait = options.backoffMs ?? 250;
  for (let attempts = 1; ; attempts++) {
    // Each attempt ends by the deadline: the whole delivery never takes longer than the budget.
    const limit = budget === undefined ? options.timeoutMs : Math.max(1, Math.min(options.timeoutMs, deadline - Date.now()));
    const result = await attempt(via, url, body, { ...options, timeoutMs: limit });
    if (result.ok) return { ok: true, attempts, body: result.body };
    const retryable = isRetryable(result.failure) || (result.failure.kind === 'errcode' && result.failure.code === 45009);
    const pause = Math.max(wait, result.retryAfterMs ?? 0);
    // Another attempt only if, after the pause, it still has a fair time to answer in the budget.
    const left = deadline - (Date.now() + pause);
    if (budget === undefined || !retryable || options.signal?.aborted || left < Math.min(options.timeoutMs, MIN_ATTEMPT_MS)) {
      return { ok: false, attempts, failure: result.failure, ...(result.body !== undefined ? { body: result.body } : {}) };
    }
    await sleep(pause, options.signal);
    wait *= 2;
  }
}
