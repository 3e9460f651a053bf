// Rendering templates: an isolated, strict Handlebars instance; in commands no value becomes shell source.
//
// In URLs each value is percent-encoded for the part it stands in (url-template.ts).
// A shell template is rendered in two forms from the same values. The form a command RUNS with
// (`renderCommand`) puts every inserted value in that command's environment and writes a reference
// to it, `"${RUNBOOK_V_<n>}"` (secret parameters: `"${RUNBOOK_SECRET_<NAME>}"`), so whatever the
// shell makes of the text around it, a value is only ever expanded, never parsed as code. The form
// plans SHOW (`compileTemplate`, `renderDeferred`) has the values inline and shell-quoted, for
// reading. Only `{{raw x}}` is inserted as is, in both. Values are data: the output of a template is
// never rendered again. Loaded only by commands that render (plan, play, ...).
import Handlebars from 'handlebars';
import type { PlanParam, Rendered } from './plan.js';
import { helperNames, parseTemplate, secretEnvName, shellQuote, valueEnvName, type ParsedTemplate } from './template.js';
import type { Lang } from './text.js';
import { UrlPartState, UrlValueError, urlValue, type UrlPart } from './url-template.js';
import type { ShellCommand } from '../process/shell.js';
import { runFields, type RunFacts } from './hook-names.js';
import { detectLang } from '../i18n/index.js';
import { compileText } from '../i18n/compile.js';

type AST = hbs.AST.Program;
type Expr = hbs.AST.Expression;

const QUOTE_HELPER = '__runbook_quote';
const ENV_HELPER = '__runbook_env';
const SECRET_HELPER = '__runbook_secret';
const URL_HELPER = '__runbook_url';

/** How a shell template's values are inserted: inline and shell-quoted (shown), or as environment references (run). */
export type ShellForm = 'display' | 'exec';

/** The values of the `exec` render in progress (rendering is synchronous, so one list at a time). */
let collected: string[] | undefined;

/** The outputs of a finished step, as later templates see them. */
export interface StepOutputs {
  stdout: string;
  stderr: string;
  exit_code: number;
  json?: unknown;
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The stand-in compile.ts renders for a step output, a field of the run, a host value or a loop's item not known yet, in a plan: \u0001steps.x.stdout\u0001, \u0001item\u0001. */
function isPlaceholder(value: unknown): boolean {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && /^\u0001(?:steps\.|host\.|run\.|item)[^\u0001]*\u0001$/.test(value);
}

function createInstance(): typeof Handlebars {
  const hb = Handlebars.create();
  const plain = (fn: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      return fn(...args.slice(0, -1)); // drop Handlebars' options argument
    };
  hb.registerHelper({
    raw: plain((v) => toText(v)),
    default: plain((v, fallback) => (v === undefined || v === null || v === '' ? fallback : v)),
    json: plain((v) => JSON.stringify(v ?? null)),
    lower: plain((v) => toText(v).toLowerCase()),
    upper: plain((v) => toText(v).toUpperCase()),
    trim: plain((v) => toText(v).trim()),
    eq: plain((a, b) => a === b || toText(a) === toText(b)),
    ne: plain((a, b) => !(a === b || toText(a) === toText(b))),
    and: plain((...vs) => vs.every(Boolean)),
    or: plain((...vs) => vs.some(Boolean)),
    not: plain((v) => !v),
    [QUOTE_HELPER]: plain((v) => shellQuote(toText(v))),
    [ENV_HELPER]: plain((v) => {
      if (!collected) throw new Error('internal: a command template rendered outside renderCommand');
      collected.push(toText(v));
      return `"\${${valueEnvName(collected.length)}}"`;
    }),
    [SECRET_HELPER]: plain((name) => `"\${${secretEnvName(String(name))}}"`),
    // A step output's placeholder in a plan (compile.ts, `⟨steps.x.stdout⟩`) is shown, not encoded.
    [URL_HELPER]: plain((part, name, v) => (isPlaceholder(v) ? (v as string) : urlValue(part as UrlPart, String(name), toText(v)))),
  });
  return hb;
}

const instance = createInstance();
const knownHelpers: Record<string, boolean> = Object.fromEntries(
  [...helperNames, QUOTE_HELPER, ENV_HELPER, SECRET_HELPER, URL_HELPER, 'if', 'unless'].map((n) => [n, true]),
);

function pathName(expr: Expr | hbs.AST.Literal): string | undefined {
  return expr.type === 'PathExpression' ? (expr as hbs.AST.PathExpression).original : undefined;
}

/** Rewrites mustaches of a shell template so values go through shell quoting or the environment (secrets always via env). */
function rewriteForShell(program: AST, secretParams: ReadonlySet<string>, form: ShellForm): AST {
  const helper = form === 'display' ? QUOTE_HELPER : ENV_HELPER;
  const wrap = (m: hbs.AST.MustacheStatement): hbs.AST.MustacheStatement => {
    const name = pathName(m.path);
    if (name === 'raw' || !m.escaped) return m;
    const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
    if (!isCall && m.path.type === 'PathExpression' && secretParams.has(name!)) {
      const lit = { type: 'StringLiteral', value: name, original: name, loc: m.loc } as unknown as Expr;
      return { ...m, path: { ...(m.path as hbs.AST.PathExpression), parts: [SECRET_HELPER], original: SECRET_HELPER }, params: [lit], hash: undefined as unknown as hbs.AST.Hash };
    }
    const inner: Expr = isCall
      ? ({ type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc } as unknown as Expr)
      : (m.path as Expr);
    const quotePath = { type: 'PathExpression', data: false, depth: 0, parts: [helper], original: helper, loc: m.loc };
    return { ...m, path: quotePath as unknown as hbs.AST.PathExpression, params: [inner], hash: undefined as unknown as hbs.AST.Hash };
  };
  const visit = (p: AST): AST => ({
    ...p,
    body: p.body.map((node) => {
      if (node.type === 'MustacheStatement') return wrap(node as hbs.AST.MustacheStatement);
      if (node.type === 'BlockStatement') {
        const b = node as hbs.AST.BlockStatement;
        return { ...b, program: visit(b.program), inverse: b.inverse ? visit(b.inverse) : b.inverse } as hbs.AST.BlockStatement;
      }
      return node;
    }),
  });
  return visit(program);
}

/** Rewrites mustaches of a URL template so each value is encoded (or checked) for the part of the URL it stands in. */
function rewriteForUrl(program: AST): AST {
  let state = new UrlPartState();
  const wrap = (m: hbs.AST.MustacheStatement): hbs.AST.MustacheStatement => {
    const part = state.part;
    state.value();
    if (pathName(m.path) === 'raw' || !m.escaped) return m;
    const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
    const inner: Expr = isCall
      ? ({ type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc } as unknown as Expr)
      : (m.path as Expr);
    const literal = (value: string) => ({ type: 'StringLiteral', value, original: value, loc: m.loc }) as unknown as Expr;
    const shown = isCall ? `${pathName(m.path) ?? '?'} ${m.params.map((p) => pathName(p) ?? '…').join(' ')}` : (pathName(m.path) ?? '?');
    const helper = { type: 'PathExpression', data: false, depth: 0, parts: [URL_HELPER], original: URL_HELPER, loc: m.loc };
    return { ...m, path: helper as unknown as hbs.AST.PathExpression, params: [literal(part), literal(shown), inner], hash: undefined as unknown as hbs.AST.Hash };
  };
  const visit = (p: AST): AST => ({
    ...p,
    body: p.body.map((node) => {
      if (node.type === 'ContentStatement') state.feed((node as hbs.AST.ContentStatement).value);
      if (node.type === 'MustacheStatement') return wrap(node as hbs.AST.MustacheStatement);
      if (node.type === 'BlockStatement') {
        // Both branches start where the block does; template.ts makes sure they end in the same part.
        const b = node as hbs.AST.BlockStatement;
        const before = state;
        state = before.clone();
        const program = visit(b.program);
        const after = state;
        state = before.clone();
        const inverse = b.inverse ? visit(b.inverse) : b.inverse;
        state = after;
        return { ...b, program, inverse } as hbs.AST.BlockStatement;
      }
      return node;
    }),
  });
  return visit(program);
}

export type RenderFn = (scope: Record<string, unknown>) => string;
const cache = new Map<string, RenderFn>();

/**
 * Compiles a checked template into a render function (cached by kind, form, secrets and source). A shell
 * template renders in its `display` form (values inline, shell-quoted: for plans) unless `exec` is asked
 * for, which only renderCommand does.
 */
export function compileTemplate(parsed: ParsedTemplate & { ast?: AST }, secretParams: ReadonlySet<string>, form: ShellForm = 'display'): RenderFn {
  if (parsed.literal || !parsed.ast) return () => parsed.source;
  const key = `${parsed.kind}\0${form}\0${[...secretParams].sort().join(',')}\0${parsed.source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const ast = parsed.kind === 'shell' ? rewriteForShell(parsed.ast, secretParams, form) : parsed.kind === 'url' ? rewriteForUrl(parsed.ast) : parsed.ast;
  // A copy: the compiler rewrites literal paths in place, and parsed trees are shared (template.ts).
  const fn = instance.compile(structuredClone(ast), { strict: true, knownHelpers, knownHelpersOnly: true, noEscape: true, preventIndent: true });
  const render: RenderFn = (scope) => fn(scope, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  cache.set(key, render);
  return render;
}

/**
 * A deferred template reads the outputs of a step that did not run (e.g. skipped by `when`).
 * `code` is stable; the message is in the language given to renderDeferred.
 */
export class StepOutputsMissingError extends Error {
  readonly code = 'template.no-outputs';
  constructor(
    /** The name the template reads, e.g. `steps.list.stdout`. */
    readonly reference: string,
    readonly step: string,
    lang: Lang,
  ) {
    super(compileText(lang)('tpl.noOutputs', { name: reference, step }));
    this.name = 'StepOutputsMissingError';
  }
}

/** A value placed in a command contains a NUL byte, which no process can receive (argv and environ end at NUL). */
export class NulValueError extends Error {
  readonly code = 'template.nul';
  constructor(lang: Lang) {
    super(compileText(lang)('tpl.nulValue'));
    this.name = 'NulValueError';
  }
}

/** What a template reads at run time: the parameters of its playbook and the outputs of the steps that ran. */
export interface RenderContext {
  params: readonly PlanParam[];
  steps: Record<string, StepOutputs>;
  lang?: Lang;
  /** The target host a step runs on (`{{host.name}}`, `{{host.address}}`, `{{host.vars.x}}`): data like every value. */
  host?: HostValues;
  /** `{{run.*}}`: the run's outcome so far (in `finally` and the hooks). */
  run?: RunFacts;
}

/** What templates see of a target host. */
export interface HostValues {
  name: string;
  address: string;
  vars: Readonly<Record<string, unknown>>;
}

/** The values a template sees; throws StepOutputsMissingError when it reads a step that has no outputs. */
function scopeOf(parsed: ParsedTemplate, context: RenderContext, rendered: Rendered): Record<string, unknown> {
  const data: Record<string, unknown> = { steps: context.steps, run: context.run ?? noRun };
  for (const p of context.params) data[p.name] = p.value ?? '';
  if (context.host) data.host = context.host;
  // An iteration of a `for_each` step: its item, as the template was given it (for-each-items.ts).
  if ('item' in rendered) data.item = rendered.item;
  for (const ref of parsed.references) {
    if (ref.parts[0] === 'steps' && !(ref.parts[1]! in context.steps)) {
      throw new StepOutputsMissingError(ref.parts.join('.'), ref.parts[1]!, context.lang ?? detectLang());
    }
  }
  return data;
}

/** What `{{run.*}}` reads where the run's outcome is not known (the compiler allows it only where it is). */
const noRun: RunFacts = Object.fromEntries(runFields.map((f) => [f, ''])) as RunFacts;

function secretsOf(context: RenderContext): Set<string> {
  return new Set(context.params.filter((p) => p.secret).map((p) => p.name));
}

/**
 * Renders a deferred template at run time, with the outputs of the steps that have run, in the form
 * plans show (values inline, shell-quoted in commands). Throws StepOutputsMissingError (message in
 * `context.lang`, default from the environment) when a step it reads has no outputs.
 */
export function renderDeferred(rendered: Rendered, context: RenderContext): string {
  if (!rendered.deferred) return rendered.text;
  const parsed = parseTemplate(rendered.source, rendered.kind);
  try {
    return compileTemplate(parsed, rendered.kind === 'shell' ? secretsOf(context) : new Set())(scopeOf(parsed, context, rendered));
  } catch (error) {
    throw error instanceof UrlValueError ? error.in(context.lang ?? detectLang()) : error;
  }
}

/**
 * The form of a shell template a process runs: rendered from the template as written, with the same
 * values as the plan shows, every value (parameter, helper result, step output) placed in `env` and
 * referenced from the text. Throws StepOutputsMissingError like renderDeferred, and NulValueError
 * when a value holds a NUL byte.
 */
export function renderCommand(rendered: Rendered, context: RenderContext): ShellCommand {
  const parsed = parseTemplate(rendered.source, rendered.kind);
  if (parsed.literal || rendered.kind !== 'shell') return { command: renderDeferred(rendered, context), env: {} };
  const render = compileTemplate(parsed, secretsOf(context), 'exec');
  const data = scopeOf(parsed, context, rendered);
  const values: string[] = [];
  collected = values;
  let command: string;
  try {
    command = render(data);
  } finally {
    collected = undefined;
  }
  const env: Record<string, string> = {};
  values.forEach((value, i) => {
    if (value.includes('\0')) throw new NulValueError(context.lang ?? detectLang());
    env[valueEnvName(i + 1)] = value;
  });
  return { command, env };
}
