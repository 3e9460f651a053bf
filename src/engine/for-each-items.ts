// `for_each`: what compile time and run time share — the bound, the labels of iterations, their ids,
// and reading a list out of a step's JSON output.
import type { PlanForEach, PlanStep, Rendered } from './plan.js';
import { parseTemplate } from './template.js';
import type { StepOutputs } from './template-render.js';

/** A loop over more items than this is an error unless the step sets `max_items`. */
export const DEFAULT_MAX_ITEMS = 1000;

/** A label that can stand in an id, a file name and a terminal line as it is. */
const PLAIN_LABEL = /^[A-Za-z0-9_][A-Za-z0-9_:@+-]{0,62}$/;

/**
 * The label of each iteration: the item itself when every item is a scalar that reads plainly
 * (letters, digits, `_ : @ + -`; no dot, slash, quote, blank or newline) and no two are the same;
 * otherwise the 1-based position of each item. One rule for the whole list, so labels never collide.
 */
export function iterationLabels(items: readonly unknown[], redact: (text: string) => string = (text) => text): string[] {
  const texts = items.map((item) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined));
  // An item holding a secret (a list read from a step's output) never becomes an id, a file name or a row.
  const plain = texts.every((text) => text !== undefined && PLAIN_LABEL.test(text) && redact(text) === text) && new Set(texts).size === texts.length;
  return plain ? (texts as string[]) : items.map((_, i) => String(i + 1));
}

/** The id of an iteration: `restart[mlflow]`. */
export const iterationId = (step: string, label: string): string => `${step}[${label}]`;

/** Whether `id` is an iteration id of loop `loop` (`restart[mlflow]` of `restart`): read from a journal, nothing else is. */
export function isIterationOf(id: unknown, loop: string): boolean {
  if (typeof id !== 'string' || !id.startsWith(`${loop}[`) || !id.endsWith(']')) return false;
  return PLAIN_LABEL.test(id.slice(loop.length + 1, -1));
}

/** The step id an iteration id belongs to (`restart[mlflow]` → `restart`); other ids as they are. */
export function loopStepOf(id: string): string {
  const open = id.indexOf('[');
  return open > 0 && id.endsWith(']') ? id.slice(0, open) : id;
}

/**
 * What later steps read as the outputs of a loop (`{{steps.restart.exit_code}}`), gathered iteration by
 * iteration: stdout and stderr one after the other, the exit code of the first that failed (else 0), and
 * `json` the list of the iterations' parsed outputs. Iterations skipped (`when`, `check`) add nothing.
 */
export function gatherOutputs(loop: StepOutputs | undefined, iteration: StepOutputs): StepOutputs {
  const join = (a: string | undefined, b: string) => (a ? (b ? `${a}\n${b}` : a) : b);
  const out: StepOutputs = {
    stdout: join(loop?.stdout, iteration.stdout),
    stderr: join(loop?.stderr, iteration.stderr),
    exit_code: loop && loop.exit_code !== 0 ? loop.exit_code : iteration.exit_code,
  };
  const json = [...(Array.isArray(loop?.json) ? loop.json : []), ...(iteration.json !== undefined ? [iteration.json] : [])];
  if (json.length > 0) out.json = json;
  return out;
}

/** The value at `steps.<id>.json.<a>.<b>` in a step's parsed output, or undefined. */
export function readJsonPath(json: unknown, path: readonly string[]): unknown {
  let node = json;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * An iteration of a loop whose list is known only at run time: the loop step's copy with its id, and
 * every template that reads `{{item}}` given the item (they were compiled deferred, showing ⟨item⟩).
 */
export function expandIteration(loop: PlanStep, item: unknown, label: string, index: number): PlanStep {
  const forEach: PlanForEach = { step: loop.forEach?.step ?? loop.id, label, index, maxItems: loop.forEach?.maxItems ?? DEFAULT_MAX_ITEMS };
  const step = withItem(loop, item) as PlanStep;
  return { ...step, id: iterationId(forEach.step, label), forEach };
}

function withItem(value: unknown, item: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => withItem(v, item));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (isRendered(record) && readsItem(record)) return { ...record, deferred: true, item };
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, key === 'forEach' ? child : withItem(child, item)]));
}

function isRendered(record: Record<string, unknown>): record is Record<string, unknown> & Rendered {
  return typeof record.source === 'string' && typeof record.deferred === 'boolean' && (record.kind === 'shell' || record.kind === 'text' || record.kind === 'url');
}

/** Whether a template reads `{{item}}` or `{{item.<key>}}`. */
export function readsItem(rendered: Pick<Rendered, 'source' | 'kind'>): boolean {
  return parseTemplate(rendered.source, rendered.kind).references.some((r) => r.parts[0] === 'item');
}
