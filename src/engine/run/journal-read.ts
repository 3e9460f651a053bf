// Reading a run's journal as untrusted input: every file's shape is checked, and a damaged file is
// either refused with its name (resume) or reported beside what could be read (history, logs).
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { RunEvent } from '../events.js';
import { engineText, type EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { describeJournalReason, isMissing, journalFault, type JournalReason } from './journal-reason.js';
import { eventProblem, metaProblem, outputsProblem, type StepOutputs } from './journal-shape.js';
import type { RunMeta } from './journal.js';

/** A journal file that resume cannot trust: exit 2, naming the file (and line) and why, in the language of `t`. */
export class JournalReadError extends UserError {
  constructor(
    readonly path: string,
    readonly why: JournalReason,
    t: Translator<EngineKey> = engineText('en'),
  ) {
    super(t('journal.damaged', { path, why: describeJournalReason(why, t.lang ?? 'en') }), { hint: t('journal.damagedHint') });
    this.name = 'JournalReadError';
  }
}

export interface Problem {
  /** The file, with `:<line>` for a line of a JSONL file. */
  path: string;
  why: JournalReason;
}

/** `warning: <file>: <why>; left out`, in the language of `t`, for history and logs (stderr). */
export function problemWarning(problem: Problem, t: Translator<EngineKey>): string {
  return t('journal.warning', { path: problem.path, why: describeJournalReason(problem.why, t.lang ?? 'en') });
}

/**
 * A journal file's text. Only a regular file is read: a FIFO put in its place would block the reader forever
 * (opened without blocking, then refused), a link to /dev/zero would never end.
 */
export function readText(path: string): { text: string } | { why: JournalReason } {
  const read = readBytes(path);
  return 'why' in read ? read : { text: read.bytes.toString('utf8') };
}

/** A journal file's bytes (a step's log, events.jsonl for `logs --json`), read as readText reads: regular files only. */
export function readBytes(path: string): { bytes: Buffer } | { why: JournalReason } {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    // A folder is left to the read (EISDIR, as it always said).
    const stat = fstatSync(fd);
    if (!stat.isFile() && !stat.isDirectory()) return { why: journalFault({ key: 'notFile' }) };
    return { bytes: readFileSync(fd) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { why: journalFault(code === 'ENOENT' ? { key: 'missing' } : { key: 'unreadable', code: code ?? String(error) }) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function parseJson(text: string): { value: unknown } | { why: JournalReason } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { why: journalFault({ key: 'notJson' }) };
  }
}

/**
 * Every line of a JSONL journal file, parsed and checked. Only the last line may be cut short (the
 * engine writes each line with one write(2), so a kill can tear only the end): an invalid last line
 * without its newline is ignored; anything else invalid is a problem.
 */
export function readJsonLines<T>(path: string, check: (value: unknown) => JournalReason | undefined): { items: T[]; problems: Problem[] } {
  const read = readText(path);
  if ('why' in read) return { items: [], problems: [{ path, why: read.why }] };
  const lines = read.text.split('\n');
  const items: T[] = [];
  const problems: Problem[] = [];
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1;
    if (last && line === '') break;
    const parsed = parseJson(line);
    const why = 'why' in parsed ? parsed.why : check(parsed.value);
    if (why === undefined) items.push((parsed as { value: T }).value);
    else if (!last) problems.push({ path: `${path}:${i + 1}`, why });
  }
  return { items, problems };
}

/** events.jsonl as far as it can be read, and what could not be. */
export function readEventsTolerant(dir: string): { events: RunEvent[]; problems: Problem[] } {
  const { items, problems } = readJsonLines<RunEvent>(join(dir, 'events.jsonl'), eventProblem);
  return { events: items, problems };
}

/** events.jsonl, all of it valid (a torn last line aside), or JournalReadError naming the first bad line. */
export function readEvents(dir: string, t?: Translator<EngineKey>): RunEvent[] {
  const { events, problems } = readEventsTolerant(dir);
  const first = problems[0];
  if (first) throw new JournalReadError(first.path, first.why, t);
  return events;
}

/** meta.json checked, or the problem. */
export function tryReadMeta(dir: string): { meta: RunMeta } | { problem: Problem } {
  const path = join(dir, 'meta.json');
  const read = readText(path);
  const parsed = 'why' in read ? read : parseJson(read.text);
  const why = 'why' in parsed ? parsed.why : metaProblem(parsed.value);
  if (why !== undefined) return { problem: { path, why } };
  return { meta: (parsed as { value: RunMeta }).value };
}

/** meta.json checked, or JournalReadError naming it. */
export function readMeta(dir: string, t?: Translator<EngineKey>): RunMeta {
  const read = tryReadMeta(dir);
  if ('problem' in read) throw new JournalReadError(read.problem.path, read.problem.why, t);
  return read.meta;
}

export const outputsPath = (dir: string, id: string): string => join(dir, 'steps', `${id}.outputs.json`);

/** A step's outputs file: its outputs, `missing`, or what is wrong with it. */
export function readOutputsFile(dir: string, id: string): { outputs: StepOutputs } | { missing: true } | { problem: Problem } {
  const path = outputsPath(dir, id);
  const read = readText(path);
  if ('why' in read && isMissing(read.why)) return { missing: true };
  const parsed = 'why' in read ? read : parseJson(read.text);
  const why = 'why' in parsed ? parsed.why : outputsProblem(parsed.value);
  if (why !== undefined) return { problem: { path, why } };
  return { outputs: (parsed as { value: StepOutputs }).value };
}
