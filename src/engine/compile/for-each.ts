// `for_each` and `max_items`: where a step's list comes from, and its iterations, each its own step
// (`restart[mlflow]`) compiled with `{{item}}`; a list known only at run time leaves one loop step.
import type { YamlPath } from '../loaded.js';
import type { Step } from '../playbook.gen.js';
import type { PlanForEach } from '../plan.js';
import { DEFAULT_MAX_ITEMS, iterationId, iterationLabels } from '../for-each-items.js';
import { parseTemplate } from '../template.js';
import { maskText, secretForms } from '../redact.js';
import { includesPlaybook, kindOfStep } from '../../steps/index.js';
import type { Compiler } from './compiler.js';
import type { DraftStep } from './steps.js';
import type { ItemScope, VisibleSteps } from './templates.js';

/** Where the items come from: known now (a YAML list, a list parameter), or a step output the run reads. */
type Source = { items: readonly unknown[] } | { over: string } | undefined;

/** Compiles one step with the item it sees (`{ known: false }`: the run renders it). */
export type CompileOne = (item: ItemScope | undefined) => DraftStep;

/** A step as its iterations (or as itself without `for_each`). `index`: its place among the steps; `before`: the steps whose outputs it may read. */
export function compileLoop(c: Compiler, step: Step, path: YamlPath, index: number, compileOne: CompileOne, before: VisibleSteps = c.before(index)): DraftStep[] {
  if (step.for_each === undefined) {
    if (step.max_items !== undefined) c.error('for_each.max-items', c.t('forEach.maxItemsAlone', { id: step.id }), [...path, 'max_items']);
    return [compileOne(undefined)];
  }
  const maxItems = step.max_items ?? DEFAULT_MAX_ITEMS;
  const source = loopSource(c, step, path, before);
  if (source === undefined || 'over' in source || !c.pass.render) {
    const draft = compileOne({ known: false, step: step.id });
    const forEach: PlanForEach = { step: step.id, maxItems, ...(source && 'over' in source ? { over: source.over } : {}) };
    return [{ ...draft, forEach }];
  }
  if (source.items.length > maxItems) {
    c.error('for_each.too-many', c.t('forEach.tooMany', { id: step.id, count: source.items.length, max: maxItems }), [...path, 'for_each'], c.t('forEach.tooManyHint'));
    return [compileOne({ known: false, step: step.id })];
  }
  if (source.items.length === 0) {
    const pos = c.location([...path, 'for_each']);
    c.warnings.push({ code: 'for_each.empty', message: c.t('forEach.empty', { id: step.id }), location: { line: pos.line, col: pos.col } });
  }
  // An item holding a secret's value never becomes an id (nor a log's file name): the items are numbered then.
  const labels = iterationLabels(source.items, secretMask(c));
  const out: DraftStep[] = [];
  for (const [i, item] of source.items.entries()) {
    const errors = c.diagnostics.length;
    const draft = compileOne({ known: true, value: item, step: step.id });
    const label = labels[i]!;
    out.push({ ...draft, id: iterationId(step.id, label), forEach: { step: step.id, label, index: i, maxItems } });
    // A mistake in the step's templates is the same in every iteration: said once.
    if (c.diagnostics.length > errors) break;
  }
  return out;
}

/** Masks the values of the playbook's secret parameters in a text (as the run's redactor does). */
function secretMask(c: Compiler): (text: string) => string {
  const secrets = [...c.secretParams].map((name) => c.values[name]).filter((v) => v !== undefined && String(v) !== '').map(String);
  const forms = secretForms(secrets);
  return (text) => maskText(text, forms);
}

/** The list `for_each` names: a YAML list, `"{{param}}"` of a list parameter, or `"{{steps.<id>.json…}}"`. */
function loopSource(c: Compiler, step: Step, path: YamlPath, before: VisibleSteps): Source {
  const at: YamlPath = [...path, 'for_each'];
  const value = step.for_each;
  if (Array.isArray(value)) return { items: value };
  const parsed = parseTemplate(String(value), 'text');
  const ref = parsed.references[0];
  const example = { example: 'services', output: 'steps.ls.json.items' };
  if (parsed.issues.length > 0 || parsed.references.length !== 1 || !ref || ref.use !== 'bare' || ref.raw || !/^\s*\{\{[^{}]*\}\}\s*$/.test(String(value))) {
    c.error('for_each.source', c.t('forEach.source', { id: step.id, ...example }), at, c.t('forEach.sourceHint', example));
    return undefined;
  }
  const [head, second, third] = ref.parts;
  const name = ref.parts.join('.');
  if (head === 'steps' && second !== undefined) {
    if (third !== 'json') {
      c.error('for_each.source', c.t('forEach.notJson', { id: step.id, name }), at, c.t('forEach.notJsonHint', { step: second, output: `steps.${second}.json` }));
      return undefined;
    }
    // An included playbook is compiled with its parameters before the run: its items must be known then.
    const kind = kindOfStep(step);
    if (kind !== undefined && includesPlaybook(kind)) {
      c.error('for_each.source', c.t('forEach.includeAtRun', { id: step.id, name }), at, c.t('forEach.includeAtRunHint'));
      return undefined;
    }
    if (!before.has(second)) {
      c.error('for_each.source', c.t('tpl.stepNotYet', { where: c.t('where.step', { id: step.id, field: 'for_each' }), step: second }), at, c.t('tpl.stepNotYetHint'));
      return undefined;
    }
    return { over: name };
  }
  const spec = head !== undefined && ref.parts.length === 1 ? c.pb.params?.[head] : undefined;
  if (!spec) {
    c.error('for_each.source', c.t('forEach.source', { id: step.id, ...example }), at, c.t('forEach.sourceHint', example));
    return undefined;
  }
  if (spec.type !== 'array') {
    c.error('for_each.not-list', c.t('forEach.notList', { id: step.id, name }), at, c.t('forEach.notListHint'));
    return undefined;
  }
  const items = c.values[head!];
  return { items: Array.isArray(items) ? items : [] };
}
