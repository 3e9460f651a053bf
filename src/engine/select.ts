// Step selection: `--from`, `--only`, `--skip` (step ids or tags) mark the steps of a plan this run leaves
// out, with why; a selected step that reads a left-out step's outputs is an error before anything runs.
import { didYouMean } from './suggest.js';
import { InvalidPlaybookError, UserError, type Diagnostic } from './errors.js';
import type { CompiledPlan, PlanDeselection, PlanSelection, PlanStep } from './plan.js';
import { stepsReadIn } from './run/resume-outputs.js';
import type { Lang } from './text.js';
import { selectText } from '../i18n/select.js';
import type { Translator } from '../i18n/index.js';
import type { SelectKey } from '../i18n/select.js';

/** The selection as given on the command line (names may be `tag:<name>` to mean a tag). */
export interface SelectionArgs {
  from?: string;
  only: readonly string[];
  skip: readonly string[];
}

/** A name resolved against the plan: a step id, or a tag. */
interface Name {
  kind: 'id' | 'tag';
  name: string;
}

const TAG_PREFIX = 'tag:';

/**
 * The id a step is selected by. Loops (for_each) expand a step into iterations `restart[mlflow]`:
 * selecting `restart` selects every iteration, so selection matches the id before expansion.
 */
export function selectionId(id: string): string {
  const bracket = id.indexOf('[');
  return bracket < 0 ? id : id.slice(0, bracket);
}

/** Whether a step answers to a resolved name. */
export function matchesName(step: Pick<PlanStep, 'id' | 'tags'>, name: Name): boolean {
  return name.kind === 'id' ? selectionId(step.id) === name.name : (step.tags ?? []).includes(name.name);
}

/** How a resolved name is shown in reasons and recorded in the journal: ids as written, tags as `tag:<name>`. */
const shown = (name: Name): string => (name.kind === 'tag' ? TAG_PREFIX + name.name : name.name);

export function hasSelection(args: SelectionArgs | undefined): args is SelectionArgs {
  return args !== undefined && (args.from !== undefined || args.only.length > 0 || args.skip.length > 0);
}

/** Why a step is left out, in words: `not selected by --only deploy`, `before --from restart`, `--skip tag:slow`. */
export function deselectionText(d: PlanDeselection, lang: Lang): string {
  return selectText(lang)(`why.${d.by}`, { names: d.names.join(',') });
}

/** The selection as a command line would give it: `--from restart --only deploy,tag:slow`. */
export function selectionArgsText(selection: PlanSelection): string {
  const parts: string[] = [];
  if (selection.from !== undefined) parts.push(`--from ${selection.from}`);
  if (selection.only.length > 0) parts.push(`--only ${selection.only.join(',')}`);
  if (selection.skip.length > 0) parts.push(`--skip ${selection.skip.join(',')}`);
  return parts.join(' ');
}

/**
 * The plan with the steps this run leaves out marked (`deselected`, with why) and the selection recorded.
 * `finally` steps are cleanup: only `--skip` leaves them out. Throws (exit 2) for a name that is no step
 * id or tag, and for a selected step (or postcondition) that reads the outputs of a step left out.
 */
export function applySelection(plan: CompiledPlan, args: SelectionArgs | undefined, lang: Lang = 'en'): CompiledPlan {
  if (!hasSelection(args)) return plan;
  const t = selectText(lang);
  const all = [...plan.steps, ...plan.finally];
  const only = args.only.map((n) => resolveName(n, '--only', all, t));
  const skip = args.skip.map((n) => resolveName(n, '--skip', all, t));
  const fromIndex = args.from === undefined ? -1 : resolveFrom(args.from, plan, t);
  const skipped = (step: PlanStep): PlanDeselection | undefined => {
    const matched = skip.filter((n) => matchesName(step, n));
    return matched.length > 0 ? { by: 'skip', names: matched.map(shown) } : undefined;
  };
  const steps = plan.steps.map((step, i): PlanStep => {
    const why: PlanDeselection | undefined =
      (i < fromIndex ? { by: 'from', names: [args.from!] } : undefined) ??
      (only.length > 0 && !only.some((n) => matchesName(step, n)) ? { by: 'only', names: only.map(shown) } : undefined) ??
      skipped(step);
    return why ? { ...step, deselected: why } : step;
  });
  const finallySteps = plan.finally.map((step): PlanStep => {
    const why = skipped(step);
    return why ? { ...step, deselected: why } : step;
  });
  const selection: PlanSelection = { ...(args.from !== undefined ? { from: args.from } : {}), only: only.map(shown), skip: skip.map(shown) };
  const selected: CompiledPlan = { ...plan, steps, finally: finallySteps, selection };
  checkReads(selected, lang);
  return selected;
}

function resolveName(written: string, option: string, steps: readonly PlanStep[], t: Translator<SelectKey>): Name {
  if (written === '') throw new UserError(t('emptyName', { option }));
  const ids = [...new Set(steps.map((s) => selectionId(s.id)))];
  const tags = [...new Set(steps.flatMap((s) => s.tags ?? []))];
  if (written.startsWith(TAG_PREFIX)) {
    const tag = written.slice(TAG_PREFIX.length);
    if (tags.includes(tag)) return { kind: 'tag', name: tag };
  } else {
    // A step id first: a tag that is also a step's id is reached as `tag:<name>`.
    if (ids.includes(written)) return { kind: 'id', name: written };
    if (tags.includes(written)) return { kind: 'tag', name: written };
  }
  const bare = written.startsWith(TAG_PREFIX) ? written.slice(TAG_PREFIX.length) : written;
  const guess = didYouMean(bare, written.startsWith(TAG_PREFIX) ? tags : [...ids, ...tags]);
  const list = (names: string[]) => (names.length > 0 ? names.join(', ') : t('none'));
  throw new UserError(t('unknownName', { option, name: written }), {
    hint: guess !== undefined ? t('didYouMean', { suggestion: guess }) : t('known', { ids: list(ids), tags: list(tags) }),
  });
}

/** The index in `steps` where `--from` starts (finally steps always come last: they are no place to start). */
function resolveFrom(name: string, plan: CompiledPlan, t: Translator<SelectKey>): number {
  // An iteration of a loop known at plan time (`restart[b]`) is a step of the plan: the run can start there.
  const exact = plan.steps.findIndex((s) => s.id === name);
  if (exact >= 0) return exact;
  const index = plan.steps.findIndex((s) => selectionId(s.id) === name);
  if (index >= 0) return index;
  if (plan.finally.some((s) => s.id === name)) throw new UserError(t('fromFinally', { name }));
  const ids = [...new Set(plan.steps.map((s) => selectionId(s.id)))];
  const guess = didYouMean(name, ids);
  throw new UserError(t('unknownFrom', { name }), { hint: guess !== undefined ? t('didYouMean', { suggestion: guess }) : t('knownIds', { ids: ids.join(', ') }) });
}

/** Every selected step, finally step, postcondition and hook step must read only outputs of steps that run. */
function checkReads(plan: CompiledPlan, lang: Lang): void {
  const t = selectText(lang);
  const left = new Map<string, PlanDeselection>();
  // Keyed by the id templates read (`steps.restart`), also for the iterations `restart[…]` of a loop.
  for (const step of [...plan.steps, ...plan.finally]) if (step.deselected) left.set(selectionId(step.id), step.deselected);
  if (left.size === 0) return;
  const out: Diagnostic[] = [];
  const check = (reader: string, value: unknown, location: PlanStep['location'], hook = false) => {
    for (const id of stepsReadIn(value)) {
      const why = left.get(id);
      if (!why) continue;
      out.push({
        code: 'select.reads-deselected',
        severity: 'error',
        message: t('readsDeselected', { reader, step: id, why: deselectionText(why, lang) }),
        hint: hook ? t('readsDeselectedHookHint', { step: id }) : t('readsDeselectedHint', { reader, step: id }),
        ...(location ? { location: { file: plan.playbook.file, line: location.line, col: location.col } } : {}),
      });
    }
  };
  for (const step of plan.steps) if (!step.deselected) check(t('readerStep', { id: step.id }), step, step.location);
  for (const step of plan.finally) if (!step.deselected) check(t('readerFinally', { id: step.id }), step, step.location);
  plan.postconditions.forEach((probe, i) => check(t('readerPost', { n: i + 1 }), probe, probe.location));
  // A hook step is never left out: reading a left-out step's outputs, it would fail every time.
  for (const [hook, steps] of Object.entries(plan.hooks ?? {})) for (const step of steps) check(t('readerHook', { hook, id: step.id }), step, step.location, true);
  if (out.length > 0) throw new InvalidPlaybookError(plan.playbook.file, out);
}
