// The one place where process signals reach the engine while a playbook runs (`play`, `resume`).
import { createInterruptSource, type InterruptSignal, type InterruptSource } from '../engine/run/signals.js';

/**
 * SIGINT and SIGTERM become interrupts, and so does SIGHUP (the SSH session dropped), as a SIGTERM: an
 * orderly stop and rollback, journaled, rather than an engine dying mid-step. A terminal that is gone
 * must not crash the run either: write errors on stdout/stderr (EIO, EPIPE) are ignored while it runs.
 */
export function bridgeProcessSignals(): { source: InterruptSource; dispose(): void } {
  const source = createInterruptSource();
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const as: InterruptSignal = signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
    const handler = () => source.interrupt(as);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const ignore = () => {};
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  return {
    source,
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.stdout.off('error', ignore);
      process.stderr.off('error', ignore);
    },
  };
}
