// NDJSON reporter (`--output json`): one JSON object per run event on stdout, schema in docs/output.md.
import type { Reporter, RunEvent } from '../engine/events.js';

/** Version of the line format; bumped only on a breaking change (fields are only ever added). */
export const OUTPUT_SCHEMA_VERSION = 1;

export interface JsonReporterOptions {
  stdout: NodeJS.WritableStream;
}

/** Serialises one event as an NDJSON line: `{"v":1,"type":...,"runId":...,"time":...,...fields}`. */
export function formatJsonLine(event: RunEvent): string {
  const { type, runId, time, ...rest } = event;
  // Stable key order: version, type, run id and time first, then the event's own fields.
  return JSON.stringify({ v: OUTPUT_SCHEMA_VERSION, type, runId, time, ...rest }) + '\n';
}

export function createJsonReporter(options: JsonReporterOptions): Reporter {
  const { stdout } = options;
  // A reader that goes away (`| head`) must not crash the run half-way: stop writing instead.
  let broken = false;
  stdout.on?.('error', () => {
    broken = true;
  });
  return {
    onEvent(event) {
      if (!broken) stdout.write(formatJsonLine(event));
    },
    close() {
      // Nothing buffered: every event was written when it happened.
    },
  };
}
