// Which step outputs a resumed run needs from the old journal, and whether they can be trusted: a
// missing, damaged or masked outputs file is refused (exit 2) when a template reads it, never used.
import { UserError } from '../errors.js';
import type { RunEvent } from '../events.js';
import type { CompiledPlan } from '../plan.js';
import { parseTemplate } from '../template.js';
import type { StepOutputs } from '../template-render.js';
import type { EngineKey } from '../../i18n/engine.js';
import type { Translator } from '../../i18n/index.js';
import { JournalReadError, outputsPath, readOutputsFile } from './journal-read.js';
import { journalFault } from './journal-reason.js';
import { includesPlaybook } from '../../steps/index.js';

/** How a run kept a step's outputs: a file (`kept`), a file holding masked values (`masked`); absent: none (empty). */
export type OutputsMark = 'kept' | 'masked';

/** The `outputs` mark of each step's last `step.finished` (or `step.skipped` of a resumed run). */
export function outputsMarks(events: readonly RunEvent[]): Map<string, OutputsMark> {
  const marks = new Map<string, OutputsMark>();
  for (const event of events) {
    if (event.type !== 'step.finished' && event.type !== 'step.skipped') continue;
    const mark = (event as { outputs?: unknown }).outputs;
    if (mark === 'kept' || mark === 'masked') marks.set(event.id, mark);
    else marks.delete(event.id);
  }
  return marks;
}

/** The ids of the steps whose outputs the templates of `plan` read (not those of included playbooks, which have their own). */
export function stepsReadBy(plan: CompiledPlan): Set<string> {
  return stepsReadIn({ ...plan, playbook: undefined, params: undefined });
}

/**
 * The ids of the steps whose outputs the templates anywhere in `value` read (a step, a probe, a plan):
 * every template site, whatever its kind, without descending into an included playbook's own plan.
 */
export function stepsReadIn(value: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.deferred === true && typeof record.source === 'string' && (record.kind === 'shell' || record.kind === 'text' || record.kind === 'url')) {
      for (const ref of parseTemplate(record.source, record.kind).references) if (ref.parts[0] === 'steps' && ref.parts[1]) ids.add(ref.parts[1]);
      return;
    }
    // A for_each over a step output reads that step's outputs when the run reaches it.
    if (typeof record.over === 'string' && typeof record.maxItems === 'number') {
      const source = record.over.split('.')[1];
      if (source) ids.add(source);
    }
    for (const [key, child] of Object.entries(record)) {
      if (key === 'plan' && typeof record.kind === 'string' && includesPlaybook(record.kind)) continue;
      visit(child);
    }
  };
  visit(value);
  return ids;
}

export interface RestoreContext {
  dir: string;
  runId: string;
  marks: Map<string, OutputsMark>;
  t: Translator<EngineKey>;
  /** ` --home …` for the hints, when the home is not the default one. */
  homeArg?: string;
}

/**
 * The outputs of a done step for the resumed run; undefined when they are not to be restored (not
 * trustworthy, and nothing reads them). Throws (exit 2, naming the file) when a template reads them
 * and they are missing, damaged or masked: a later command must never run with an empty or masked value.
 */
export function restoreOutputs(ctx: RestoreContext, id: string, needed: boolean): { outputs?: StepOutputs; masked?: true } {
  const mark = ctx.marks.get(id);
  const path = outputsPath(ctx.dir, id);
  const hint = ctx.t('resume.outputsHint', { run: ctx.runId, step: id, home: ctx.homeArg ?? '' });
  if (mark === 'masked') {
    if (needed) throw new UserError(ctx.t('resume.outputsMasked', { step: id, run: ctx.runId, path }), { hint });
    return { masked: true };
  }
  const read = readOutputsFile(ctx.dir, id);
  if ('outputs' in read) return { outputs: read.outputs };
  // No mark and no file: the step printed nothing (journals before the mark existed, too).
  if ('missing' in read && mark === undefined) return { outputs: { stdout: '', stderr: '', exit_code: 0 } };
  if (!needed) return {};
  const damaged = new JournalReadError('missing' in read ? path : read.problem.path, 'missing' in read ? journalFault({ key: 'missing' }) : read.problem.why, ctx.t);
  throw new UserError(damaged.message, { hint, cause: damaged });
}
