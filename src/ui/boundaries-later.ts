// Plain lines and NDJSON: a step's `started`, `finished` and `skipped` lines are written once the engine has started
// the next step, not on the way to it.
//
// Between one step's exit and the next spawn the next step waits for runbook's main thread, and formatting and
// writing those lines (a `write(2)` each, whose reader is woken) was a fifth of that time (docs/performance.md,
// "What a step costs through `runbook play`"). Written right after, they overlap with bash starting on another
// core. Nothing is reordered: any other event — a step's output, a prompt, the end of the run — first writes
// what is waiting, and what waits is written at the latest when the event loop next turns (`setImmediate`): the
// CLI never ends the process with one pending (it sets exitCode; it never calls process.exit).
import type { Reporter, RunEvent } from '../engine/events.js';

const LATER = new Set<RunEvent['type']>(['step.started', 'step.finished', 'step.skipped']);

/** `inner`, with step boundaries handed over when the event loop next turns (or before anything else). */
export function withBoundariesLater(inner: Reporter): Reporter {
  let waiting: RunEvent[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (waiting.length === 0) return;
    const events = waiting;
    waiting = [];
    for (const event of events) {
      try {
        inner.onEvent(event);
      } catch {
        // As the engine's emitter: a reporter that throws loses this event, the run goes on.
      }
    }
  };
  const reporter: Reporter = {
    onEvent(event) {
      if (LATER.has(event.type)) {
        waiting.push(event);
        scheduled ??= setImmediate(flush);
        return;
      }
      flush();
      inner.onEvent(event);
    },
    close() {
      flush();
      return inner.close?.();
    },
    congested: () => inner.congested?.(),
  };
  const { onOutputBytes, confirm, chooseStep } = inner;
  if (onOutputBytes) {
    reporter.onOutputBytes = (event, bytes) => {
      flush();
      onOutputBytes.call(inner, event, bytes);
    };
  }
  if (confirm) {
    reporter.confirm = (request) => {
      flush();
      return confirm.call(inner, request);
    };
  }
  if (chooseStep) {
    reporter.chooseStep = (request) => {
      flush();
      return chooseStep.call(inner, request);
    };
  }
  return reporter;
}
