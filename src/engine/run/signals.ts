// Interrupts of a run (Ctrl-C, SIGTERM): the first stops the running step and rolls back or stops
// (per `on_interrupt`); a second one stops at once. The CLI feeds signals in; the engine installs no handler.

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Something that reports interrupts: the CLI wires it to process signals, tests call it directly. */
export interface InterruptSource {
  subscribe(listener: (signal: InterruptSignal) => void): () => void;
}

/**
 * A source the caller triggers by hand (the CLI's process-signal bridge, tests). An interrupt that
 * came before anyone subscribed (Ctrl-C while the sandbox starts) is replayed to the first subscriber.
 */
export function createInterruptSource(): InterruptSource & { interrupt(signal: InterruptSignal): void; readonly received: InterruptSignal[] } {
  const listeners = new Set<(signal: InterruptSignal) => void>();
  const received: InterruptSignal[] = [];
  return {
    received,
    subscribe(listener) {
      listeners.add(listener);
      for (const signal of received.slice(0, 2)) listener(signal);
      return () => listeners.delete(listener);
    },
    interrupt(signal) {
      received.push(signal);
      for (const listener of [...listeners]) listener(signal);
    },
  };
}

export class Interrupts {
  /** Aborted on the first interrupt: the running action is stopped (SIGTERM, grace, SIGKILL). */
  readonly graceful = new AbortController();
  /** Aborted on the second interrupt: whatever runs is killed and nothing more starts. */
  readonly force = new AbortController();
  signal: InterruptSignal | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    source: InterruptSource | undefined,
    private readonly onInterrupt: (signal: InterruptSignal, forced: boolean) => void,
  ) {
    this.unsubscribe = source?.subscribe((signal) => this.receive(signal));
  }

  get interrupted(): boolean {
    return this.signal !== undefined;
  }

  get forced(): boolean {
    return this.force.signal.aborted;
  }

  receive(signal: InterruptSignal): void {
    if (this.forced) return;
    if (!this.signal) {
      this.signal = signal;
      this.onInterrupt(signal, false);
      this.graceful.abort(signal);
      return;
    }
    this.onInterrupt(signal, true);
    this.force.abort(signal);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
