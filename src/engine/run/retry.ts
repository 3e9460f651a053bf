// Retries with delay and backoff: attempt, wait `delay`, attempt again, each wait `backoff` times longer.
import { sleep } from '../../process/sleep.js';
import type { ActionResult } from '../../steps/context.js';

export interface RetryPolicy {
  retries: number;
  delayMs: number;
  backoff: number;
}

/** Told before each retry: which attempt comes next, after what delay, and why the last one failed. */
export interface RetryInfo {
  attempt: number;
  of: number;
  delayMs: number;
  reason: string | undefined;
}

export interface RetryOutcome<R extends ActionResult> {
  result: R;
  attempts: number;
}

/** The delay before retry number `retry` (1-based). */
export function retryDelay(policy: RetryPolicy, retry: number): number {
  // Capped at what a timer can wait (2^31-1 ms): a long backoff must not turn into "retry at once".
  return Math.min(Math.round(policy.delayMs * Math.pow(policy.backoff, retry - 1)), 2 ** 31 - 1);
}

/**
 * Runs `attempt` until it succeeds or the retries are used up. Interrupts are not retried, and a
 * result marked `final` (a declined gate) is not either.
 */
export async function withRetries<R extends ActionResult & { final?: boolean }>(
  policy: RetryPolicy,
  signal: AbortSignal,
  attempt: (n: number) => Promise<R>,
  onRetry: (info: RetryInfo) => void,
): Promise<RetryOutcome<R>> {
  const of = policy.retries + 1;
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (result.ok || result.interrupted || result.final || n >= of || signal.aborted) return { result, attempts: n };
    const delayMs = retryDelay(policy, n);
    onRetry({ attempt: n + 1, of, delayMs, reason: result.reason });
    if (delayMs > 0 && !(await sleep(delayMs, signal))) return { result: { ...result, interrupted: true }, attempts: n };
  }
}
