// What the live view keeps of a step's output: its first and last lines and how many there were (bounded memory).
import { countByte } from '../bytes/search.js';

/** Lines kept from each end of a step's output: the live tail shows the last, a finished step up to this many. */
export const TAIL_KEEP = 20;
/** A line longer than this is cut before it is stored (the view truncates to the terminal anyway). */
const MAX_LINE = 1000;

export interface StepOutput {
  /** The step (or rollback) this output belongs to. */
  id?: string;
  /** Last complete lines (raw; sanitised when drawn). */
  lines: string[];
  /** The line being written (no newline yet). */
  partial: string;
  /** First complete lines. */
  head: string[];
  /** Complete lines so far. */
  count: number;
  /**
   * The end of the last chunk of bytes, not yet made lines: what `lines` and `partial` are, once settled
   * (settleOutput). A chunk of more than TAIL_KEEP lines replaces it, so a step printing 100 MB makes lines of
   * the chunks a frame shows (≤ 10 a second) instead of every chunk's.
   */
  unsettled?: Buffer;
  /**
   * How many characters of the first complete line came before the chunk that ended it (the line being written
   * then, at most MAX_LINE): what mergeOutput needs to end that line, when the output is a delta, as appending its
   * chunks would have (a progress bar redrawn with \r over several frames ends on its last state).
   */
  lead?: number;
}

export function freshOutput(id?: string): StepOutput {
  return { id, lines: [], partial: '', head: [], count: 0 };
}

function clip(line: string): string {
  return line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
}

/** Appends output to the tail without ever holding more than TAIL_KEEP lines (100 MB in, a few KB kept). */
export function appendTail(tail: { lines: string[]; partial: string }, text: string): void {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl === -1) {
    const joined = tail.partial + text;
    tail.partial = joined.length > MAX_LINE ? joined.slice(-MAX_LINE) : joined;
    return;
  }
  // Walk back from the end: only the last TAIL_KEEP complete lines of this chunk can survive.
  const fresh: string[] = [];
  let end = lastNl;
  let continuesPartial = false;
  while (fresh.length < TAIL_KEEP) {
    const prev = end > 0 ? text.lastIndexOf('\n', end - 1) : -1;
    fresh.push(clip(text.slice(prev + 1, end)));
    if (prev === -1) {
      continuesPartial = true;
      break;
    }
    end = prev;
  }
  fresh.reverse();
  if (continuesPartial) {
    fresh[0] = clip(tail.partial + fresh[0]!);
    // In place: a line-at-a-time producer sends millions of these.
    for (const line of fresh) tail.lines.push(line);
    if (tail.lines.length > TAIL_KEEP) tail.lines.splice(0, tail.lines.length - TAIL_KEEP);
  } else {
    tail.lines = fresh;
  }
  const rest = text.slice(lastNl + 1);
  tail.partial = rest.length > MAX_LINE ? rest.slice(-MAX_LINE) : rest;
}

/** Makes `lines` and `partial` of what waits as bytes (StepOutput.unsettled): before they are read or added to. */
export function settleOutput(output: StepOutput): void {
  const bytes = output.unsettled;
  if (bytes === undefined) return;
  output.unsettled = undefined;
  // TAIL_KEEP complete lines and what follows: they replace the tail (their lines were counted when they came).
  output.partial = '';
  appendTail(output, bytes.toString('latin1'));
}

/** The last lines of the output, the line being written last: what the live view shows under a running step. */
export function outputTail(output: StepOutput): string[] {
  settleOutput(output);
  return output.partial ? [...output.lines, output.partial] : output.lines;
}

/** Appends a chunk: counts its lines, keeps the first TAIL_KEEP and the last TAIL_KEEP. */
export function appendOutput(output: StepOutput, text: string): void {
  settleOutput(output);
  let from = 0;
  let nl = text.indexOf('\n');
  if (nl === -1) return appendTail(output, text);
  let lines = 0;
  if (output.count === 0) output.lead = output.partial.length;
  while (nl !== -1) {
    if (output.head.length < TAIL_KEEP) output.head.push(clip((from === 0 ? output.partial : '') + text.slice(from, nl)));
    lines++;
    from = nl + 1;
    nl = text.indexOf('\n', from);
  }
  output.count += lines;
  appendTail(output, text);
}

/**
 * appendOutput for ASCII output as bytes (each byte one character; Reporter.onOutputBytes), the same result
 * without a string of the chunk: only its first lines (while the head is not full) and its last are made
 * text; the lines between are counted (bytes.wat `count`). A chunk of few lines is taken whole.
 */
export function appendOutputBytes(output: StepOutput, bytes: Buffer): void {
  // Where the first lines the head still needs end, and where the last TAIL_KEEP complete lines start.
  let headEnd = 0;
  for (let need = TAIL_KEEP - output.head.length; need > 0 && headEnd !== -1; need--) {
    const nl = bytes.indexOf(0x0a, headEnd);
    headEnd = nl === -1 ? -1 : nl + 1;
  }
  // The newline before those lines: the (TAIL_KEEP + 1)th from the end.
  let before = bytes.length;
  let found = 0;
  while (found <= TAIL_KEEP && before > 0) {
    const nl = bytes.lastIndexOf(0x0a, before - 1);
    if (nl === -1) break;
    before = nl;
    found++;
  }
  const tailStart = before + 1;
  const middle = headEnd === -1 || found <= TAIL_KEEP || tailStart < headEnd ? undefined : countByte(bytes.subarray(headEnd, tailStart), 0x0a);
  if (middle === undefined) return appendOutput(output, bytes.toString('latin1'));
  if (headEnd > 0) appendOutput(output, bytes.toString('latin1', 0, headEnd));
  // The lines between end with a newline: none of them is partial, none is among the last TAIL_KEEP. The last
  // TAIL_KEEP lines and the partial one after them are all the tail will be: kept as bytes (a copy: the
  // engine reuses its buffer), counted now, made lines when settled.
  output.count += middle + TAIL_KEEP;
  output.unsettled = keepBytes(output, bytes, tailStart);
}

/** The buffer each output's `unsettled` is kept in (keepBytes), reused from chunk to chunk. */
const spares = new WeakMap<StepOutput, Buffer>();

/**
 * A copy of `bytes` from `start`, in the output's own buffer, made larger only when a tail needs more: a step printing
 * fast comes in thousands of small chunks, and a new Buffer for each one's tail was the largest part of what the view
 * did per chunk. Only that output's `unsettled` ever points into it, and its next tail replaces that.
 */
function keepBytes(output: StepOutput, bytes: Buffer, start: number): Buffer {
  const length = bytes.length - start;
  let spare = spares.get(output);
  if (spare === undefined || spare.length < length) spares.set(output, (spare = Buffer.allocUnsafe(Math.max(length, 2 * (spare?.length ?? 2048)))));
  bytes.copy(spare, 0, start);
  return spare.subarray(0, length);
}

/**
 * What a finished step keeps under its row: the first lines (a report reads from the top), or for a failure
 * the last ones (where the error is); `more` lines are left to `runbook logs`.
 */
export function keptOutput(output: StepOutput, fromEnd: boolean): { lines: string[]; more: number } {
  settleOutput(output);
  const total = output.count + (output.partial ? 1 : 0);
  if (fromEnd) {
    const all = output.partial ? [...output.lines, output.partial] : output.lines;
    const lines = all.slice(-TAIL_KEEP);
    return { lines, more: total - lines.length };
  }
  const lines = output.head.slice(0, TAIL_KEEP);
  if (lines.length < TAIL_KEEP && output.partial) lines.push(output.partial);
  return { lines, more: total - lines.length };
}

/**
 * Adds `delta` — what appendOutput made of the text that followed, in a fresh StepOutput — to `output`: the same
 * lines, head and count as appending that text itself. The live view's thread is sent such deltas, at most one a
 * frame, instead of every chunk (src/ui/ink/view-thread.ts).
 */
export function mergeOutput(output: StepOutput, delta: StepOutput): void {
  settleOutput(output);
  settleOutput(delta);
  if (delta.count === 0) {
    // No newline: the text only continued the line being written.
    const joined = output.partial + delta.partial;
    output.partial = joined.length > MAX_LINE ? joined.slice(-MAX_LINE) : joined;
    return;
  }
  // Its first complete line continues the line being written. Appended chunk by chunk, that line is what was being
  // written when its last chunk came — its last MAX_LINE characters, then that chunk's — and cut at MAX_LINE: the
  // delta's first line starts with `lead` characters of the first kind.
  const lead = delta.lead ?? 0;
  const written = (output.partial + delta.head[0]!.slice(0, lead)).slice(-MAX_LINE);
  const first = clip(written + delta.head[0]!.slice(lead));
  if (output.count === 0) output.lead = written.length;
  for (let i = 0; i < delta.head.length && output.head.length < TAIL_KEEP; i++) output.head.push(i === 0 ? first : delta.head[i]!);
  output.count += delta.count;
  if (delta.count <= TAIL_KEEP) {
    // delta.lines are all its complete lines, the first of them the one continuing the partial one.
    delta.lines.forEach((line, i) => output.lines.push(i === 0 ? first : line));
    if (output.lines.length > TAIL_KEEP) output.lines.splice(0, output.lines.length - TAIL_KEEP);
  } else {
    output.lines = [...delta.lines];
  }
  output.partial = delta.partial;
}
