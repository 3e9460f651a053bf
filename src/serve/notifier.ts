// Tells a rule's channels what happened (approval needed, started, finished, did not resolve, refused): WeChat Work, webhook, gateway.
import { notifyPayload } from '../steps/notify.js';
import { deliver, type DeliveryFailure } from '../notify/deliver.js';
import { MASK } from '../engine/redact.js';
import type { NotifyEvent, Rule, RuleSet } from './rules.js';

export interface Message {
  title: string;
  /** Markdown-ish text (WeChat Work renders it; the gateway and webhooks take it as text). */
  body: string;
}

export interface NotifierOptions {
  rules: RuleSet;
  env: NodeJS.ProcessEnv;
  /** Each attempt, and all attempts with their backoff. */
  timeoutMs?: number;
  retryWithinMs?: number;
  onResult(result: { channel: string; via: string; ok: boolean; attempts: number; failure?: string }): void;
}

/** A URL as logs may show it: no query (a robot's key), no credentials. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return MASK;
  }
}

function describeFailure(failure: DeliveryFailure): string {
  switch (failure.kind) {
    case 'status':
      return `HTTP ${failure.status}`;
    case 'errcode':
      return `errcode ${failure.code} ${failure.message}`.trim();
    case 'timeout':
      return `no answer in ${failure.ms} ms`;
    case 'aborted':
      return 'aborted';
    case 'network': {
      const e = failure.error as { cause?: { code?: string; message?: string }; message?: string };
      return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error';
    }
  }
}

export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: NotifierOptions) {}

  /** Sends to every channel of the rule that takes this event; never throws, never waits for the answer. */
  send(rule: Rule, event: NotifyEvent, message: Message): void {
    for (const name of rule.notify) {
      const channel = this.options.rules.channels[name];
      if (!channel || !channel.events.includes(event)) continue;
      const url = 'value' in channel.url ? channel.url.value : this.options.env[channel.url.fromEnv];
      if (!url) {
        this.options.onResult({ channel: name, via: channel.via, ok: false, attempts: 0, failure: 'fromEnv' in channel.url ? `${channel.url.fromEnv} is not set` : 'no URL' });
        continue;
      }
      const payload = notifyPayload(channel.via, message.title, message.body);
      const job = deliver(channel.via, url, payload, { timeoutMs: this.options.timeoutMs ?? 5000, retryWithinMs: this.options.retryWithinMs ?? 30_000 }).then((result) => {
        this.options.onResult({ channel: name, via: channel.via, ok: result.ok, attempts: result.attempts, ...(result.ok ? {} : { failure: `${describeFailure(result.failure)} (${safeUrl(url)})` }) });
      });
      this.inFlight.add(job);
      void job.finally(() => this.inFlight.delete(job));
    }
  }

  /** Waits for the notifications under way (at shutdown, and in tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
