// serve.json beside a run's journal: which alert and rule started the run, who asked, who approved and when.
//
// The engine writes the journal; the server adds this one file once the run has started (it learns the
// journal's folder from `run.started`). `runbook logs <run>` shows it; like every journal file it is read
// as untrusted input (readServeNote checks its shape).
import { join } from 'node:path';
import { writeFileDurable } from '../engine/run/durable.js';
import { readText } from '../engine/run/journal-read.js';
import { isMissing, journalFault, type JournalReason } from '../engine/run/journal-reason.js';
import type { ServeContext } from './context.js';
import type { Lang } from '../i18n/index.js';
import { serveText } from '../i18n/serve.js';
import { showOnOneLine } from '../ui/sanitize.js';
import type { RunRequest } from './store/types.js';

export const SERVE_NOTE = 'serve.json';

export interface ServeNote {
  request: string;
  rule: string;
  alert: { alertname: string; fingerprint: string; labels: Record<string, string>; startsAt: string };
  requestedBy: string;
  approvedBy: { who: string; at: string; reason?: string }[];
  server: string;
}

export async function writeServeNote(journalDir: string, request: RunRequest, ctx: Pick<ServeContext, 'serverId'>): Promise<void> {
  const note: ServeNote = {
    request: request.id,
    rule: request.rule,
    alert: { alertname: request.alertname, fingerprint: request.fingerprint, labels: request.labels, startsAt: request.alertStartsAt },
    requestedBy: request.requestedBy,
    approvedBy: (request.approvedBy ?? []).map((a) => ({ who: a.who, at: new Date(a.at).toISOString(), ...(a.reason ? { reason: a.reason } : {}) })),
    server: ctx.serverId,
  };
  writeFileDurable(join(journalDir, SERVE_NOTE), JSON.stringify(note, null, 2) + '\n');
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * The note of a run, if it has a readable one; undefined when there is none, why (as data) when it is damaged. Tagged
 * (`note` or `problem`), never told apart by a field: the file is untrusted, and a note holding a `fault` of its own
 * must not pass for a reason (hiding who asked for and approved the run behind a message of the file's choosing).
 */
export function readServeNote(journalDir: string): { note: ServeNote } | { problem: JournalReason } | undefined {
  // Read as every journal file is (a FIFO or a device in its place is named, never waited on); missing: no note,
  // anything else that keeps it from being read is said, as for the journal's other files.
  const read = readText(join(journalDir, SERVE_NOTE));
  if ('why' in read) return isMissing(read.why) ? undefined : { problem: read.why };
  const { text } = read;
  let v: Partial<ServeNote>;
  try {
    v = JSON.parse(text) as Partial<ServeNote>;
  } catch {
    return { problem: journalFault({ key: 'serveNotJson', file: SERVE_NOTE }) };
  }
  const alert = v?.alert;
  const ok =
    v && isString(v.request) && isString(v.rule) && isString(v.requestedBy) && isString(v.server) &&
    alert && isString(alert.alertname) && isString(alert.fingerprint) && isString(alert.startsAt) && alert.labels && typeof alert.labels === 'object' &&
    Array.isArray(v.approvedBy) && v.approvedBy.every((a) => a && isString(a.who) && isString(a.at) && (a.reason === undefined || isString(a.reason)));
  return ok ? { note: v as ServeNote } : { problem: journalFault({ key: 'serveFields', file: SERVE_NOTE }) };
}

/** The lines `runbook logs` prints for a run the server started, and what is wrong with a damaged note (said where it is printed). */
export function describeServeNote(journalDir: string, lang: Lang): { lines: string[]; problem?: JournalReason } {
  const read = readServeNote(journalDir);
  if (read === undefined) return { lines: [] };
  if ('problem' in read) return { lines: [], problem: read.problem };
  const { note } = read;
  const t = serveText(lang);
  // Each field inside its line: an alert's name or an approver's reason with a line break reads as ␤.
  const one = showOnOneLine;
  const lines = [t('logs.serveRequest', { request: one(note.request), rule: one(note.rule), alert: one(note.alert.alertname), fingerprint: one(note.alert.fingerprint), by: one(note.requestedBy) })];
  for (const a of note.approvedBy) lines.push(t(a.reason ? 'logs.serveApprovedReason' : 'logs.serveApproved', { who: one(a.who), at: one(a.at), reason: one(a.reason ?? '') }));
  return { lines };
}
