// The shapes of the journal's files (meta.json, events.jsonl lines, groups.jsonl lines, outputs, locks),
// checked on every read: a journal is untrusted input, and a wrong type must never reach a reader.
import type { RunEvent } from '../events.js';
import type { StepOutputs } from '../template-render.js';
import { isIterationOf } from '../for-each-items.js';
import { gotOf, inEvent, journalFault, within, type FieldKind, type JournalReason } from './journal-reason.js';

/** A field's type: `s` string, `n` finite number, `b` boolean, `o` object, `a` array, `t` text (string or object); `?` optional. */
type Kind = FieldKind;
type FieldSpec = `${Kind}` | `${Kind}?` | readonly string[];
export type Shape = Record<string, FieldSpec>;

const phases = ['preconditions', 'steps', 'postconditions', 'rollback', 'finally', 'hooks'];
const stepPhases = ['steps', 'finally', 'hooks'];
const hostStatuses = ['ok', 'failed', 'unreachable', 'rollback_failed', 'rolled_back', 'interrupted', 'not_started'];
const runStatuses = ['ok', 'failed', 'rollback_failed', 'precondition_failed', 'interrupted', 'gate_stopped'];

function kindOf(value: unknown): Kind | 'other' {
  if (typeof value === 'string') return 's';
  if (typeof value === 'number') return Number.isFinite(value) ? 'n' : 'other';
  if (typeof value === 'boolean') return 'b';
  if (Array.isArray(value)) return 'a';
  if (typeof value === 'object' && value !== null) return 'o';
  return 'other';
}

/** Why `value` does not have `shape` (the first field that is wrong), or undefined when it does. */
export function shapeProblem(value: unknown, shape: Shape): JournalReason | undefined {
  if (kindOf(value) !== 'o') return journalFault({ key: 'expected', expected: 'o', got: gotOf(value) });
  const record = value as Record<string, unknown>;
  for (const [name, spec] of Object.entries(shape)) {
    const field = record[name];
    if (Array.isArray(spec)) {
      if (typeof field !== 'string' || !spec.includes(field)) return { field: [name], fault: { key: 'oneOf', values: spec, got: gotOf(field) } };
      continue;
    }
    const optional = (spec as string).endsWith('?');
    const kind = (spec as string)[0] as Kind;
    if (field === undefined && optional) continue;
    const actual = kindOf(field);
    const ok = kind === 't' ? actual === 's' || actual === 'o' : actual === kind;
    if (!ok) return { field: [name], fault: { key: 'expected', expected: kind, got: gotOf(field) } };
  }
  return undefined;
}

export const metaShape: Shape = {
  runId: 's',
  playbook: 's',
  title: 's',
  file: 's',
  fileSha256: 's?',
  lock: 's',
  params: 'o',
  secretParams: 'a',
  sandbox: 'b',
  user: 's',
  host: 's',
  pid: 'n',
  startedAt: 's',
  finishedAt: 's?',
  status: 's?',
  exitCode: 'n?',
  resumedFrom: 's?',
  cwd: 's?',
  mode: 's?',
  rollbackSteps: 'a?',
  envCheck: 'o?',
  selection: 'o?',
  inventory: 's?',
  hosts: 's?',
  targetAddresses: 'o?',
};

/** The fields of each event type that readers use (every event also has `type`, `runId` and `time`). */
const eventShapes: Record<RunEvent['type'], Shape> = {
  'run.started': { playbook: 'o', params: 'a', sandbox: 'b', journalDir: 's', totalSteps: 'n', resumedFrom: 's?' },
  'phase.started': { phase: phases },
  'phase.finished': { phase: phases, ok: 'b' },
  'probe.started': { phase: phases, index: 'n', name: 's' },
  'probe.finished': { phase: phases, index: 'n', name: 's', ok: 'b', attempts: 'n', reason: 's?' },
  'step.started': { phase: stepPhases, id: 's', name: 's', index: 'n', total: 'n', kind: 's', command: 's?', parent: 's?' },
  'step.skipped': { phase: stepPhases, id: 's', status: ['skipped', 'already_done'], reason: 's', parent: 's?', fromRun: 's?', previous: 's?', deselected: 'b?' },
  'step.would_run': { id: 's', name: 's', reason: 's', parent: 's?' },
  'step.expanded': { phase: stepPhases, id: 's', iterations: 'a', parent: 's?' },
  'step.retrying': { id: 's', attempt: 'n', of: 'n', delayMs: 'n', reason: 's' },
  'step.output': { id: 's', stream: ['stdout', 'stderr'], text: 's' },
  'step.polled': { id: 's', poll: 'n', remainingMs: 'n', reason: 's?' },
  'step.verifying': { id: 's', attempt: 'n', of: 'n' },
  'step.finished': { phase: stepPhases, id: 's', status: ['ok', 'failed'], durationMs: 'n', exitCode: 'n?', reason: 's?', continued: 'b?', attempts: 'n?', parent: 's?', gateStopped: 'b?', outputs: 's?' },
  'confirm.requested': { id: 's', message: 's', typeWord: 's?' },
  'step.answered': { id: 's', answer: ['run', 'skip', 'continue', 'quit'] },
  'confirm.answered': { id: 's', accepted: 'b', by: 's', interrupted: 'b?' },
  'rollback.started': { id: 's', name: 's', command: 's?' },
  'rollback.finished': { id: 's', ok: 'b', reason: 's?', skipped: 'b?' },
  'hosts.planned': { pattern: 's', hosts: 'a', batches: 'a', maxFail: 'n' },
  'batch.started': { batch: 'n', of: 'n', hosts: 'a' },
  'host.finished': { host: 's', status: hostStatuses, batch: 'n', reason: 's?', reached: 'b?' },
  'interrupt.received': { signal: 's', action: 's' },
  'run.finished': { status: runStatuses, exitCode: 'n', durationMs: 'n', counts: 'o', journalDir: 's', failedStep: 's?', reason: 's?', unrolled: 'a?', sandbox: 'b?', hook: 's?', hooksFailed: 'a?' },
};

const previousStatuses = ['ok', 'already_done', 'skipped'];

/** Why a parsed events.jsonl line is not an event, or undefined when it is one. */
export function eventProblem(value: unknown): JournalReason | undefined {
  const base = shapeProblem(value, { type: Object.keys(eventShapes), runId: 's', time: 's', host: 's?' });
  if (base) return base;
  const event = value as { type: RunEvent['type'] } & Record<string, unknown>;
  const problem = shapeProblem(value, eventShapes[event.type]);
  if (problem) return inEvent(event.type, problem);
  const wrong = (field: string | undefined, fault: JournalReason['fault']): JournalReason => ({ event: event.type, ...(field ? { field: [field] } : {}), fault });
  if (event.type === 'step.skipped' && event.previous !== undefined && !previousStatuses.includes(event.previous as string)) return wrong('previous', { key: 'oneOf', values: previousStatuses });
  if (event.type === 'run.started') {
    // Said with the field it is in (`playbook: name: …`, `params: [0]: value: …`): `[0]` alone names nothing.
    const playbook = shapeProblem(event.playbook, { name: 's', title: 't', risk: 's', file: 's' });
    if (playbook) return inEvent(event.type, within('playbook', playbook));
    const params = listProblem(event.params, { name: 's', value: 's', secret: 'b' });
    if (params) return inEvent(event.type, within('params', params));
  }
  // Iteration ids become file names on resume (`steps/<id>.outputs.json`): only ids of the loop itself.
  if (event.type === 'step.expanded' && (event.iterations as unknown[]).some((id) => !isIterationOf(id, event.id as string))) return wrong('iterations', { key: 'iterations' });
  if (event.type === 'hosts.planned' || event.type === 'batch.started') {
    const names = event.type === 'hosts.planned' ? [...(event.hosts as unknown[]), ...(event.batches as unknown[]).flatMap((b) => (Array.isArray(b) ? b : [b]))] : (event.hosts as unknown[]);
    if (names.some((n) => typeof n !== 'string')) return wrong(undefined, { key: 'hostNames' });
  }
  if (event.type === 'run.finished') {
    const counts = event.counts as Record<string, unknown>;
    // The count's name comes from the file: it is part of the path, shown as it is (the printer keeps it on its line).
    const bad = Object.entries(counts).find(([, n]) => kindOf(n) !== 'n');
    if (bad) return wrong(`counts.${bad[0]}`, { key: 'expected', expected: 'n' });
    const inner = event.unrolled === undefined ? undefined : listProblem(event.unrolled, { id: 's', name: 's', command: 's?' });
    if (inner) return inEvent(event.type, within('unrolled', inner));
  }
  return undefined;
}

function listProblem(value: unknown, shape: Shape): JournalReason | undefined {
  if (!Array.isArray(value)) return journalFault({ key: 'expected', expected: 'a', got: gotOf(value) });
  for (const [i, item] of value.entries()) {
    const problem = shapeProblem(item, shape);
    if (problem) return within(i, problem);
  }
  return undefined;
}

/** Why a parsed meta.json is not a run record, or undefined. */
export function metaProblem(value: unknown): JournalReason | undefined {
  const problem = shapeProblem(value, metaShape);
  if (problem) return problem;
  const meta = value as Record<string, unknown>;
  const wrong = (field: string, key: 'processId' | 'textValues' | 'paramNames' | 'stepIds' | 'addresses' | 'selection' | 'digests'): JournalReason => ({ field: [field], fault: { key } });
  if (!Number.isSafeInteger(meta.pid) || (meta.pid as number) <= 0) return wrong('pid', 'processId');
  if (Object.values(meta.params as object).some((v) => typeof v !== 'string')) return wrong('params', 'textValues');
  if ((meta.secretParams as unknown[]).some((v) => typeof v !== 'string')) return wrong('secretParams', 'paramNames');
  if (meta.rollbackSteps !== undefined && (meta.rollbackSteps as unknown[]).some((v) => typeof v !== 'string')) return wrong('rollbackSteps', 'stepIds');
  if (meta.targetAddresses !== undefined && Object.values(meta.targetAddresses as object).some((v) => typeof v !== 'string')) return wrong('targetAddresses', 'addresses');
  if (meta.selection !== undefined) {
    const selection = meta.selection as { only?: unknown; skip?: unknown };
    const names = (list: unknown) => Array.isArray(list) && list.every((v) => typeof v === 'string');
    if (shapeProblem(selection, { from: 's?', only: 'a', skip: 'a' }) || !names(selection.only) || !names(selection.skip)) return wrong('selection', 'selection');
  }
  if (meta.envCheck !== undefined) {
    const check = meta.envCheck as { digests?: Record<string, unknown> };
    if (shapeProblem(check, { salt: 's', digests: 'o' }) || Object.values(check.digests!).some((v) => typeof v !== 'string')) return wrong('envCheck', 'digests');
  }
  return undefined;
}

/** Why a step's outputs file does not hold outputs, or undefined. */
export function outputsProblem(value: unknown): JournalReason | undefined {
  return shapeProblem(value, { stdout: 's', stderr: 's', exit_code: 'n' });
}

export type { StepOutputs };
