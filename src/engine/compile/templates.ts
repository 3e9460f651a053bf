// Templates: each checked (names it reads, where it stands, how values are inserted) and rendered once,
// or left for the run when it reads step outputs (`{{steps.<id>.stdout}}` shows as ⟨steps.<id>.stdout⟩).
import type { YamlPath } from '../loaded.js';
import type { Text } from '../playbook.gen.js';
import type { Rendered, TemplateKind } from '../plan.js';
import { parseTemplate, type TemplateReference } from '../template.js';
import { UrlValueError } from '../url-template.js';
import { runFields } from '../hook-names.js';
import type { Compiler } from './compiler.js';
import { templateIssueText } from './template-issues.js';

/** Step ids whose outputs are readable somewhere. */
export interface VisibleSteps {
  has(id: string): boolean;
}

export const NO_STEPS: VisibleSteps = new Set<string>();

/** Which names a template may read, depending on where it stands. */
export interface Scope {
  /** Step ids whose outputs are readable here. */
  steps: VisibleSteps;
  sandbox: boolean;
  /** What the template is called in messages (`step \`x\` run`). */
  where: string;
  /** It runs on each target host: `{{host.*}}` may be read (rendered per host at run time). */
  host?: boolean;
  /** `{{run.*}}` is readable here (`finally` and the hooks). */
  run?: boolean;
  /** The user commands here run as unless they name their own (`become` of the step, else of the playbook). */
  become?: string;
  /** In a `for_each` step: `{{item}}`, its value when compile time knows it (else the run renders it). */
  item?: ItemScope;
}

/** `step`: the id of the loop step being compiled (its own templates cannot read its gathered outputs). */
export type ItemScope = ({ known: true; value: unknown } | { known: false }) & { step: string };

const STEP_FIELDS = new Set(['stdout', 'stderr', 'exit_code', 'json']);
const SENTINEL = '\u0001';
/** A placeholder for a step output, possibly shell-quoted, in a template rendered at compile time. */
const PLACEHOLDER = new RegExp(`'?${SENTINEL}([^${SENTINEL}]*)${SENTINEL}'?`, 'g');

/** A template that is its own text (a literal value, or one read from the environment). */
export function literal(text: string): Rendered {
  return { text, source: text, kind: 'text', deferred: false, raw: [] };
}

export function template(c: Compiler, source: string, kind: TemplateKind, path: YamlPath, scope: Scope): Rendered {
  const parsed = parseTemplate(source, kind);
  const rendered: Rendered = { text: source, source, kind, deferred: false, raw: parsed.raw };
  for (const issue of parsed.issues) {
    const { message, hint } = templateIssueText(issue, c.t);
    c.error(issue.code, c.t('tpl.issueIn', { message, where: scope.where }), path, hint, issue);
  }
  if (parsed.issues.length > 0 || parsed.literal) return rendered;
  let ok = true;
  for (const ref of parsed.references) ok = checkReference(c, ref, scope, path) && ok;
  const render = c.pass.render;
  if (!ok || !render) return rendered;
  for (const name of parsed.raw) {
    const pos = c.location(path);
    c.warnings.push({
      code: 'template.raw',
      message: c.t('tpl.raw', { where: scope.where, name }),
      location: { line: pos.line, col: pos.col },
    });
  }
  const readsItem = parsed.references.some((r) => r.parts[0] === 'item');
  rendered.deferred =
    parsed.references.some((r) => r.parts[0] === 'steps' || r.parts[0] === 'run' || (r.parts[0] === 'host' && !c.options.host)) || (readsItem && scope.item?.known === false);
  const data: Record<string, unknown> = {};
  if (readsItem && scope.item?.known) rendered.item = data.item = scope.item.value;
  else if (readsItem) data.item = placeholderItem(parsed.references);
  for (const name of c.paramNames) data[name] = c.values[name] ?? '';
  if (c.options.sandbox) data.sandbox = c.options.sandbox;
  else if (scope.sandbox) data.sandbox = new Proxy({}, { get: (_t, p) => `⟨sandbox.${String(p)}⟩`, has: () => true });
  if (parsed.references.some((r) => r.parts[0] === 'steps')) data.steps = placeholderSteps(parsed.references);
  if (scope.host) data.host = c.options.host ?? placeholders(parsed.references, 'host');
  if (rendered.deferred) data.run = Object.fromEntries(runFields.map((f) => [f, `${SENTINEL}run.${f}${SENTINEL}`]));
  try {
    let text = render(parsed, kind === 'shell' ? c.secretParams : new Set())(data);
    if (rendered.deferred) text = text.replace(PLACEHOLDER, '⟨$1⟩');
    else if (text.includes(SENTINEL)) text = text.replace(PLACEHOLDER, '⟨$1⟩');
    rendered.text = text;
  } catch (error) {
    if (error instanceof UrlValueError) c.error(error.code, c.t('tpl.issueIn', { message: error.in(c.lang).message, where: scope.where }), path, c.t('tpl.urlValueHint'));
    else c.error('template.render', c.t('tpl.render', { where: scope.where, error: error instanceof Error ? error.message : String(error) }), path);
  }
  return rendered;
}

/** True when a template reads a secret parameter (its result then holds, or is derived from, the secret). */
export function readsSecret(c: Compiler, source: string): boolean {
  return parseTemplate(source, 'text').references.some((r) => r.parts[0] !== undefined && c.secretParams.has(r.parts[0]));
}

/** `{{run.status}}` and the other fields of the run: only where the run's outcome is known. */
function checkRunReference(c: Compiler, ref: TemplateReference, scope: Scope, path: YamlPath): boolean {
  const name = ref.parts.join('.');
  const at = { line: ref.line, col: ref.col };
  if (!scope.run) {
    c.error('template.run-only', c.t('tpl.runOnly', { name }), path, c.t('tpl.runOnlyHint'), at);
    return false;
  }
  const field = ref.parts[1];
  if (ref.parts.length !== 2 || field === undefined || !(runFields as readonly string[]).includes(field)) {
    const hint = (field ? c.suggest(field, runFields, 'run.') : undefined) ?? c.t('tpl.runFields', { fields: runFields.map((f) => `run.${f}`).join(', ') });
    c.error('template.unknown-name', c.t('tpl.runUnknown', { name }), path, hint, at);
    return false;
  }
  return true;
}

/** A text in one or two languages (`{en, zh-CN}`), its templates rendered as text. */
export function textValue(c: Compiler, text: Text, path: YamlPath, scope: Scope): Text {
  if (typeof text === 'string') return template(c, text, 'text', path, scope).text;
  const out: { en?: string; 'zh-CN'?: string } = {};
  if (text.en !== undefined) out.en = template(c, text.en, 'text', [...path, 'en'], scope).text;
  if (text['zh-CN'] !== undefined) out['zh-CN'] = template(c, text['zh-CN'], 'text', [...path, 'zh-CN'], scope).text;
  return out;
}

function checkReference(c: Compiler, ref: TemplateReference, scope: Scope, path: YamlPath): boolean {
  const [head, second, third] = ref.parts;
  const at = { line: ref.line, col: ref.col };
  const name = ref.parts.join('.');
  if (head === undefined) return false;
  if (head === 'steps') {
    if (second === undefined || third === undefined) {
      c.error('template.step-output', c.t('tpl.stepOutputShape', { name }), path, undefined, at);
      return false;
    }
    if (!scope.host && c.targetSteps.has(second) && scope.steps.has(second)) {
      // Its outputs exist once per host: a step on the ops host has no single value to read.
      c.error('template.host-output', c.t('tpl.hostOutput', { where: scope.where, step: second }), path, c.t('tpl.hostOutputHint'), at);
      return false;
    }
    if (scope.item?.step === second && scope.steps.has(second)) {
      c.error('template.loop-outputs', c.t('forEach.loopOutputs', { where: scope.where, name, step: second }), path, c.t('forEach.loopOutputsHint'), at);
      return false;
    }
    if (!scope.steps.has(second)) {
      const all = c.allStepIds();
      const exists = all.includes(second);
      c.error(
        'template.unknown-step',
        c.t(exists ? 'tpl.stepNotYet' : 'tpl.stepUnknown', { where: scope.where, step: second }),
        path,
        exists ? c.t('tpl.stepNotYetHint') : (c.suggest(second, all) ?? c.t('tpl.stepList', { steps: all.join(', ') })),
        at,
      );
      return false;
    }
    if (!STEP_FIELDS.has(third) || (third !== 'json' && ref.parts.length > 3)) {
      c.error('template.step-output', c.t('tpl.stepOutputUnknown', { name }), path, c.t('tpl.stepOutputHint'), at);
      return false;
    }
    return true;
  }
  if (head === 'host') return checkHostReference(c, ref, scope, path);
  if (head === 'run') return checkRunReference(c, ref, scope, path);
  if (head === 'item') return checkItem(c, ref, scope, path);
  if (head === 'sandbox') {
    if (!scope.sandbox) {
      c.error('template.sandbox-only', c.t('tpl.sandboxOnly', { name }), path, c.t('tpl.sandboxOnlyHint'), at);
      return false;
    }
    if (c.options.sandbox && (second === undefined || !(second in c.options.sandbox))) {
      const names = Object.keys(c.options.sandbox);
      const hint = (second ? c.suggest(second, names, 'sandbox.') : undefined) ?? c.t('tpl.sandboxList', { names: names.join(', ') });
      c.error('template.unknown-name', c.t('tpl.sandboxUnknown', { name }), path, hint, at);
      return false;
    }
    return true;
  }
  if (c.paramNames.includes(head)) {
    if (c.secretParams.has(head) && (ref.raw || ref.use === 'helper')) {
      // Only a bare {{secret}} is passed through the environment and masked by its exact value.
      c.error('template.secret-helper', c.t('tpl.secretHelper', { name: head }), path, c.t('tpl.secretHelperHint', { name: head }), at);
      return false;
    }
    if (ref.parts.length > 1) {
      c.error('template.unknown-name', c.t('tpl.paramNoFields', { name, param: head }), path, undefined, at);
      return false;
    }
    return true;
  }
  c.error(
    'template.unknown-name',
    c.t('tpl.unknownName', { name, where: scope.where }),
    path,
    c.suggest(head, c.paramNames) ??
      (c.paramNames.length ? c.t('tpl.declareOrUse', { names: c.paramNames.join(', ') }) : c.t('tpl.declare')),
    at,
  );
  return false;
}

/** `{{host.name}}`, `{{host.address}}`, `{{host.vars.<x>}}`: only where the step runs on the targets. */
function checkHostReference(c: Compiler, ref: TemplateReference, scope: Scope, path: YamlPath): boolean {
  const name = ref.parts.join('.');
  const at = { line: ref.line, col: ref.col };
  if (!scope.host) {
    c.error('template.host-only', c.t('tpl.hostOnly', { name, where: scope.where }), path, c.t('tpl.hostOnlyHint'), at);
    return false;
  }
  const [, field] = ref.parts;
  const ok = ((field === 'name' || field === 'address') && ref.parts.length === 2) || (field === 'vars' && ref.parts.length >= 3);
  if (!ok) c.error('template.host-field', c.t('tpl.hostField', { name }), path, c.t('tpl.hostFieldHint'), at);
  return ok;
}

/** `{{item}}` (`{{item.key}}`) only in a step with `for_each`; when its value is known, the render checks its keys. */
function checkItem(c: Compiler, ref: TemplateReference, scope: Scope, path: YamlPath): boolean {
  if (scope.item) return true;
  c.error('template.item-outside', c.t('forEach.itemOutside', { name: ref.parts.join('.'), where: scope.where }), path, c.t('forEach.itemOutsideHint'), { line: ref.line, col: ref.col });
  return false;
}

/** `{{item}}` before the run knows it: ⟨item⟩ (or ⟨item.key⟩) in plans. */
function placeholderItem(references: readonly TemplateReference[]): unknown {
  const fields = references.filter((r) => r.parts[0] === 'item' && r.parts.length > 1);
  if (fields.length === 0) return `${SENTINEL}item${SENTINEL}`;
  const root: Record<string, unknown> = {};
  for (const ref of fields) {
    let node = root;
    const parts = ref.parts.slice(1);
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] ??= `${SENTINEL}item.${parts.join('.')}${SENTINEL}`;
      else node = (node[part] = typeof node[part] === 'object' && node[part] !== null ? node[part] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

/** Placeholder values for step outputs at compile time: rendered as ⟨steps.x.stdout⟩ in plans. */
function placeholderSteps(references: readonly TemplateReference[]): Record<string, unknown> {
  return placeholders(references, 'steps');
}

/** Placeholders for the names under `head` a template reads, rendered as ⟨head.a.b⟩ in plans. */
function placeholders(references: readonly TemplateReference[], head: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const ref of references) {
    if (ref.parts[0] !== head) continue;
    let node = root;
    const parts = ref.parts.slice(1);
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!(part in node)) node[part] = `${SENTINEL}${head}.${parts.join('.')}${SENTINEL}`;
      } else {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

/**
 * A template's final text when compile time knows it: values rendered in (never in `validate`'s check),
 * no step output read, no placeholder left. What a value-dependent check (an http URL) looks at.
 */
export function known(c: Compiler, rendered: Rendered): string | undefined {
  if (!c.pass.render || rendered.deferred || rendered.text.includes(SENTINEL) || rendered.text.includes('⟨')) return undefined;
  return rendered.text;
}
