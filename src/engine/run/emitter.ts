// Fans events out to reporters and the journal, redacted; a reporter that throws never breaks the run.
import type { EventOf, Reporter, RunEvent, StepOutputHead } from '../events.js';
import type { Journal } from './journal.js';
import type { Redactor } from './redact-stream.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<RunEvent, 'runId' | 'time'>;
/** A piece of step output's event, but its text (Emitter.output). */
export type OutputInput = Omit<StepOutputHead, 'runId' | 'time'>;

/**
 * Events after which the journal is flushed to disk (fdatasync): those that come right before
 * something may change (a step's action, a rollback), and the end of the run. Everything before
 * them is flushed with them, so after a crash the journal never claims less than was started; a
 * step whose `step.finished` was lost reads as started-but-unknown, the cautious answer.
 */
const BOUNDARIES = new Set<RunEvent['type']>(['run.started', 'step.started', 'rollback.started', 'interrupt.received', 'run.finished']);

export class Emitter {
  journal: Journal | undefined;

  constructor(
    readonly runId: string,
    readonly reporters: readonly Reporter[],
    private readonly redactor: Redactor,
  ) {}

  emit(input: EventInput): RunEvent {
    const stamped = { ...input, runId: this.runId, time: new Date().toISOString() } as RunEvent;
    // Output text comes from a RedactingStream (output.ts), masked already: no second pass over every chunk.
    const event = stamped.type === 'step.output' ? stamped : this.redactor.redactDeep(stamped);
    // Output is already in steps/<id>.log; keeping it out of events.jsonl keeps the journal small.
    if (event.type !== 'step.output') this.journal?.append(event, BOUNDARIES.has(event.type));
    for (const reporter of this.reporters) {
      try {
        reporter.onEvent(event);
      } catch {
        // A reporter that throws loses this event; the run, the journal and the other reporters do not.
      }
    }
    return event;
  }

  /**
   * A piece of a step's output, masked already (output.ts; output is not journaled: it is in the step's
   * log). Text goes out as a `step.output` event. ASCII bytes go as they are to the reporters that take
   * bytes (Reporter.onOutputBytes), and as the event with their characters as its `text` to the others —
   * the one string made only for them. `bytes` is valid only during the call.
   */
  output(input: OutputInput, piece: string | Buffer): void {
    if (typeof piece === 'string') {
      this.emit({ ...input, text: piece });
      return;
    }
    const head = { ...input, runId: this.runId, time: new Date().toISOString() };
    let event: EventOf<'step.output'> | undefined;
    for (const reporter of this.reporters) {
      try {
        if (reporter.onOutputBytes) reporter.onOutputBytes(head, piece);
        else reporter.onEvent((event ??= { ...head, text: piece.toString('latin1') }));
      } catch {
        // As in emit: a reporter that throws loses this output.
      }
    }
  }

  /** A promise while a reporter's output is piling up (see Reporter.congested), else undefined. */
  congested(): Promise<void> | undefined {
    let waits: Promise<void>[] | undefined;
    for (const reporter of this.reporters) {
      try {
        const wait = reporter.congested?.();
        if (wait) (waits ??= []).push(wait);
      } catch {
        // a reporter failing here is not waited for
      }
    }
    if (!waits) return undefined;
    return waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined);
  }
}
