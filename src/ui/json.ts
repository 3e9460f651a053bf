// NDJSON reporter (`--output json`): one JSON object per run event on stdout, schema in docs/output.md.
import type { Reporter, RunEvent, StepOutputHead } from '../engine/events.js';
import { whenDrained } from './drain.js';
import { isPlainAscii } from './sanitize.js';
import { writeOut, type Out } from './write-out.js';
import { BULK_MIN_CHARS, BulkOut } from './bulk-out.js';

/** Version of the line format; bumped only on a breaking change (fields are only ever added). */
export const OUTPUT_SCHEMA_VERSION = 1;

export interface JsonReporterOptions {
  stdout: NodeJS.WritableStream;
}

/**
 * Serialises one event as an NDJSON line: `{"v":1,"type":...,"runId":...,"time":...,...fields}`; an output
 * line's `text` comes last, as the paths that escape it without JSON.stringify write it (a target host's
 * event has `host` after `text`: one order whatever path a chunk takes).
 */
export function formatJsonLine(event: RunEvent): string {
  if (event.type === 'step.output') return outputLine(event.text, outputLineEnds(event));
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
  let bulk: BulkOut | null | undefined;
  /** A large chunk escaped and written as bytes (ui/bulk-out.ts) when it is ASCII: false when it was not taken. */
  const bulkLine = (ends: [string, string], text: string | Buffer) => {
    bulk ??= BulkOut.create(stdout) ?? null;
    return bulk?.jsonLine(ends[0], text, ends[1]) === true;
  };
  /** A `step.output` line the reporter's own way: no bytes.wat. */
  const textLine = (ends: [string, string], text: string) => {
    const ascii = asciiOutputLine(text, ends);
    if (ascii !== undefined) writeOut(stdout, ascii);
    else stdout.write(outputLine(text, ends));
  };
  return {
    onEvent(event) {
      if (broken) return;
      if (event.type !== 'step.output') {
        stdout.write(formatJsonLine(event));
        return;
      }
      const ends = outputLineEnds(event);
      if (event.text.length >= BULK_MIN_CHARS && bulkLine(ends, event.text)) return;
      textLine(ends, event.text);
    },
    onOutputBytes(event, bytes) {
      if (broken) return;
      const ends = outputLineEnds(event);
      if (bytes.length >= BULK_MIN_CHARS && bulkLine(ends, bytes)) return;
      textLine(ends, bytes.toString('latin1'));
    },
    close() {
      // Nothing buffered: every event was written when it happened.
    },
    congested: () => (broken ? undefined : whenDrained(stdout)),
  };
}

/**
 * formatJsonLine for a chunk of plain ASCII output, without JSON.stringify over the text (its slowest
 * part on large output): only `\`, `"`, newlines and tabs need escaping, each a vectorised replace.
 * The line is ASCII, so it is written as Latin-1 (a copy) rather than encoded, in pieces (see writeOut).
 * Undefined otherwise.
 */
function asciiOutputLine(text: string, [head, tail]: [string, string]): Out[] | undefined {
  if (!isPlainAscii(text)) return undefined;
  if (Buffer.byteLength(head, 'utf8') !== head.length) return undefined;
  let escaped = text;
  if (escaped.includes('\\')) escaped = escaped.replaceAll('\\', '\\\\');
  if (escaped.includes('"')) escaped = escaped.replaceAll('"', '\\"');
  if (escaped.includes('\n')) escaped = escaped.replaceAll('\n', '\\n');
  if (escaped.includes('\t')) escaped = escaped.replaceAll('\t', '\\t');
  return [{ latin1: head }, { latin1: escaped }, { latin1: tail }];
}

/** An output line: its text escaped by JSON.stringify between the line's ends (outputLineEnds). */
function outputLine(text: string, [head, tail]: [string, string]): string {
  return `${head}${JSON.stringify(text).slice(1, -1)}${tail}`;
}

/** An output line's JSON before and after its text's characters: the text is its last field. */
function outputLineEnds(event: StepOutputHead): [string, string] {
  const fields: Record<string, unknown> = { v: OUTPUT_SCHEMA_VERSION, type: event.type, runId: event.runId, time: event.time };
  for (const key of Object.keys(event)) if (!(key in fields) && key !== 'text') fields[key] = event[key as keyof StepOutputHead];
  return [`${JSON.stringify(fields).slice(0, -1)},"text":"`, '"}\n'];
}
