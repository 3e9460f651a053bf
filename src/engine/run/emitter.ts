// Fans events out to reporters and the journal, redacted; a reporter that throws never breaks the run.
import type { Reporter, RunEvent } from '../events.js';
import type { Journal } from './journal.js';
import type { Redactor } from './redact-stream.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<RunEvent, 'runId' | 'time'>;

/** Events that mark a step boundary: the journal is flushed to disk after them. */
const BOUNDARIES = new Set<RunEvent['type']>(['run.started', 'phase.started', 'phase.finished', 'step.started', 'step.finished', 'step.skipped', 'rollback.started', 'rollback.finished', 'probe.finished', 'confirm.answered', 'interrupt.received', 'run.finished']);

export class Emitter {
  journal: Journal | undefined;
  /** Reporter errors, kept for the caller to mention (they never stop the run). */
  readonly reporterErrors: unknown[] = [];

  constructor(
    readonly runId: string,
    readonly reporters: readonly Reporter[],
    private readonly redactor: Redactor,
  ) {}

  emit(input: EventInput): RunEvent {
    const event = this.redactor.redactDeep({ ...input, runId: this.runId, time: new Date().toISOString() } as RunEvent);
    // Output is already in steps/<id>.log; keeping it out of events.jsonl keeps the journal small.
    if (event.type !== 'step.output') this.journal?.append(event, BOUNDARIES.has(event.type));
    for (const reporter of this.reporters) {
      try {
        reporter.onEvent(event);
      } catch (error) {
        if (this.reporterErrors.length < 10) this.reporterErrors.push(error);
      }
    }
    return event;
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }
}
