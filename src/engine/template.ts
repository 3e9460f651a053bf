// Templates, parsed and checked: known names only, no partials, no templates inside shell quotes.
//
// Templates are parsed by Handlebars' own parser (only the parser: `validate` needs no compiler). Rendering
// (an isolated, strict Handlebars instance: values reach commands through the environment, URLs
// percent-encoded) lives in template-render.ts.
import { parse } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import type { TemplateKind } from './plan.js';
import { UrlPartState } from './url-template.js';
import { ShellQuoteState } from './shell-quote-state.js';

type AST = hbs.AST.Program;
type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;

/**
 * Parsed templates by source. Handlebars' parser costs about as much as reading the YAML around a template
 * (`validate` runs without V8's optimising compiler), and the same templates recur: a URL, a default, a probe
 * in one playbook after another. The trees are shared, so nothing may change them (template-render.ts gives
 * Handlebars' compiler a copy: it rewrites literal paths in place). Bounded for long-lived processes.
 */
const parsedSources = new Map<string, AST>();
const MAX_PARSED_SOURCES = 2048;

function parseShared(source: string): AST {
  let ast = parsedSources.get(source);
  if (ast === undefined) {
    ast = parse(source);
    if (parsedSources.size >= MAX_PARSED_SOURCES) parsedSources.clear();
    parsedSources.set(source, ast);
  }
  return ast;
}

/** What checking a template found, apart from its tree: what validate's parse cache keeps (parse-cache.ts). */
export type TemplateFacts = Pick<ParsedTemplate, 'references' | 'issues' | 'raw'>;

/** Facts of templates checked by an earlier run, by kind and source; each get is a fresh copy. */
export interface TemplateMemory {
  facts(kind: TemplateKind, source: string): TemplateFacts | undefined;
  keepFacts(kind: TemplateKind, source: string, facts: TemplateFacts): void;
  jsonIssues(source: string): TemplateIssue[] | undefined;
  keepJsonIssues(source: string, issues: TemplateIssue[]): void;
}

let memory: TemplateMemory | undefined;

/** `runbook validate` remembers templates across runs while it checks (undefined: forget). */
export function rememberTemplates(using: TemplateMemory | undefined): void {
  memory = using;
}

/** Names of helpers a template may call. Nothing else is registered. */
export const helperNames = ['raw', 'default', 'json', 'lower', 'upper', 'trim', 'eq', 'ne', 'and', 'or', 'not'] as const;
const blockHelperNames = new Set(['if', 'unless']);

/**
 * A problem in a template, positioned inside the template (1-based line, 1-based column). Language
 * neutral: the compiler words it (src/i18n/compile.ts) from the code and the data below.
 */
export interface TemplateIssue {
  code: string;
  line: number;
  col: number;
  /** The name involved: a path (`template.unsupported`, `template.in-quotes`), a helper or a block. */
  name?: string;
  /** `template.in-quotes`: the quotes the template stands in. */
  quote?: 'single' | 'double';
  /** `template.unknown-helper`: the helpers a template may call. */
  helpers?: readonly string[];
  /** `template.syntax`: the parser's message; `template.unsupported` without a name: the node type. */
  detail?: string;
}

/** A name a template reads, e.g. `volume_dir` or `steps.list.stdout`. */
export interface TemplateReference {
  parts: string[];
  line: number;
  col: number;
  /** Read through `{{raw ...}}`: inserted without quoting. */
  raw: boolean;
  /** How the value is used: inserted as is (`{{x}}`), through a helper (`{{upper x}}`), or only tested (`{{#if x}}`). */
  use: 'bare' | 'helper' | 'condition';
}

export interface ParsedTemplate {
  source: string;
  kind: TemplateKind;
  references: TemplateReference[];
  issues: TemplateIssue[];
  /** Names inserted raw, for `plan` and `lint`. */
  raw: string[];
  /** True when the template has no mustaches at all. */
  literal: boolean;
}

/** POSIX shell quoting, as Python's shlex.quote: safe words stay bare, the rest in single quotes. */
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The environment variable through which a secret parameter reaches shell commands. */
export function secretEnvName(param: string): string {
  return `RUNBOOK_SECRET_${param.toUpperCase()}`;
}

/**
 * The environment variable that carries the n-th value (1-based) inserted into one command. Playbook
 * `env` names may not start with `RUNBOOK_V_` or `RUNBOOK_SECRET_` (the schema reserves them), and the
 * values are set last, so nothing the playbook or the caller's environment says can replace them.
 */
export function valueEnvName(n: number): string {
  return `RUNBOOK_V_${n}`;
}

/** What is wrong with a value inserted at this point of a command, if anything. */
function shellPlaceIssue(quotes: ShellQuoteState, raw: boolean): { code: string; quote?: 'single' | 'double' } | undefined {
  // In a comment the shell never reads it: nothing to check.
  if (quotes.inComment) return undefined;
  // No quoting survives a here-document: an unquoted one expands $(…), a quoted one ends at a value's "EOF" line.
  if (quotes.inHeredoc) return { code: 'template.in-heredoc' };
  if (quotes.quoted && !raw) return { code: 'template.in-quotes', quote: quotes.quoted };
  if (quotes.escaped) return { code: 'template.after-backslash' };
  return undefined;
}

/** A value between the letters of a URL's scheme (`http{{s}}://`) would choose the protocol. */
function urlPlaceIssue(url: UrlPartState, raw: boolean): { code: string; quote?: undefined } | undefined {
  return url.part === 'scheme' && !raw ? { code: 'template.url-scheme' } : undefined;
}

function pathName(expr: Expr | hbs.AST.Literal): string | undefined {
  return expr.type === 'PathExpression' ? (expr as hbs.AST.PathExpression).original : undefined;
}

function position(node: Node): { line: number; col: number } {
  return { line: node.loc?.start.line ?? 1, col: (node.loc?.start.column ?? 0) + 1 };
}

/** Parses and checks a template; never throws (syntax errors become issues). */
export function parseTemplate(source: string, kind: TemplateKind): ParsedTemplate & { ast?: AST } {
  const result: ParsedTemplate & { ast?: AST } = { source, kind, references: [], issues: [], raw: [], literal: !source.includes('{{') };
  if (result.literal) return result;
  const known = memory?.facts(kind, source);
  if (known) {
    // The tree, for whoever renders, is parsed if asked for (none if it does not parse: the kept facts were not its own).
    const tree = (): AST | undefined => {
      try {
        return parseShared(source);
      } catch {
        return undefined;
      }
    };
    return Object.defineProperty({ ...result, ...known }, 'ast', { get: tree, enumerable: true });
  }
  let ast: AST;
  try {
    ast = parseShared(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /line (\d+)/.exec(message);
    result.issues.push({ code: 'template.syntax', detail: message.split('\n')[0], line: match ? Number(match[1]) : 1, col: 1 });
    return result;
  }
  new TemplateWalk(result, kind).program(ast);
  memory?.keepFacts(kind, source, { references: result.references, issues: result.issues, raw: result.raw });
  result.ast = ast;
  return result;
}

/**
 * A walk through a template's syntax tree: the names it reads, where each value lands (inside shell
 * quotes, a URL's scheme), and what is not allowed, into `result`.
 */
class TemplateWalk {
  private quotes = new ShellQuoteState();
  private url = new UrlPartState();

  constructor(
    private readonly result: ParsedTemplate,
    private readonly kind: TemplateKind,
  ) {}

  program(program: AST): void {
    for (const node of program.body) {
      switch (node.type) {
        case 'ContentStatement':
          if (this.kind === 'shell') this.quotes.feed((node as hbs.AST.ContentStatement).value);
          if (this.kind === 'url') this.url.feed((node as hbs.AST.ContentStatement).value);
          break;
        case 'CommentStatement':
          break;
        case 'MustacheStatement':
          this.mustache(node as hbs.AST.MustacheStatement);
          break;
        case 'BlockStatement':
          this.block(node as hbs.AST.BlockStatement);
          break;
        case 'PartialStatement':
        case 'PartialBlockStatement':
          this.issue(node, 'template.partial');
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          this.issue(node, 'template.decorator');
          break;
        default:
          this.issue(node, 'template.unsupported', { detail: node.type });
      }
    }
  }

  private mustache(m: hbs.AST.MustacheStatement): void {
    if (!m.escaped) {
      this.issue(m, 'template.triple-stash');
      return;
    }
    const name = pathName(m.path);
    const raw = name === 'raw' && m.params.length > 0;
    const misplaced = this.kind === 'shell' ? shellPlaceIssue(this.quotes, raw) : this.kind === 'url' ? urlPlaceIssue(this.url, raw) : undefined;
    if (misplaced) this.issue(m, misplaced.code, { name: name ?? '…', ...(misplaced.quote ? { quote: misplaced.quote } : {}) });
    this.quotes.value();
    this.url.value();
    this.call(m, m.path, m.params, m.hash, false, 'bare');
  }

  private block(b: hbs.AST.BlockStatement): void {
    const name = pathName(b.path);
    if (!name || !blockHelperNames.has(name)) {
      this.issue(b, 'template.unknown-block', { name: name ?? '?' });
      return;
    }
    for (const param of b.params) this.expr(param, false, 'condition');
    // Each branch starts from the same shell state and must leave it the same, or a later value
    // would be quoted for one branch and land inside quotes in the other.
    const before = this.quotes;
    const urlBefore = this.url;
    this.quotes = before.clone();
    this.url = urlBefore.clone();
    this.program(b.program);
    const afterProgram = this.quotes;
    const urlAfterProgram = this.url;
    this.quotes = before.clone();
    this.url = urlBefore.clone();
    if (b.inverse) this.program(b.inverse);
    if (this.kind === 'shell' && !afterProgram.sameAs(this.quotes)) this.issue(b, 'template.branch-quotes', { name });
    if (this.kind === 'url' && !urlAfterProgram.sameAs(this.url)) this.issue(b, 'template.branch-url', { name });
    this.quotes = afterProgram;
    this.url = urlAfterProgram;
  }

  private expr(expr: Expr | hbs.AST.Literal, raw: boolean, use: TemplateReference['use']): void {
    if (expr.type === 'PathExpression') {
      const p = expr as hbs.AST.PathExpression;
      if (p.data || p.depth > 0 || p.parts.length === 0 || p.original === 'this' || p.original.startsWith('this.')) {
        this.issue(expr, 'template.unsupported', { name: p.original });
        return;
      }
      this.result.references.push({ parts: [...p.parts], raw, use, ...position(expr) });
      if (raw) this.result.raw.push(p.original);
    } else if (expr.type === 'SubExpression') {
      const sub = expr as hbs.AST.SubExpression;
      this.call(sub, sub.path, sub.params, sub.hash, raw, use === 'condition' ? 'condition' : 'helper');
    }
  }

  private call(node: Node, path: Expr | hbs.AST.Literal, params: Expr[], hash: hbs.AST.Hash | undefined, raw: boolean, use: TemplateReference['use']): void {
    const name = pathName(path);
    const isCall = params.length > 0 || (hash?.pairs.length ?? 0) > 0;
    if (!isCall) {
      this.expr(path, raw, use);
      return;
    }
    if (name === undefined || !(helperNames as readonly string[]).includes(name)) {
      this.issue(node, 'template.unknown-helper', { name: name ?? '?', helpers: helperNames });
      return;
    }
    // `json` output is a value like any other (passed through the environment); only `raw` inserts into the text.
    const isRaw = raw || name === 'raw';
    const argUse = use === 'condition' ? 'condition' : 'helper';
    for (const param of params) this.expr(param, isRaw, argUse);
    for (const pair of hash?.pairs ?? []) this.expr(pair.value, isRaw, argUse);
  }

  private issue(node: Node, code: string, data: Omit<TemplateIssue, 'code' | 'line' | 'col'> = {}): void {
    this.result.issues.push({ code, ...data, ...position(node) });
  }
}

/**
 * Templates inside a JSON string of a body written as JSON text (`'{"name": "{{name}}"}'`): a `"` or `\`
 * in the value would end the string and write JSON of its own. Only bodies whose text starts with `{` or
 * `[` are read so; `{{raw x}}` is left to the author (and flagged in review).
 */
export function templatesInJsonStrings(source: string): TemplateIssue[] {
  if (!source.includes('{{')) return [];
  const known = memory?.jsonIssues(source);
  if (known) return known;
  const issues = jsonStringIssues(source);
  memory?.keepJsonIssues(source, issues);
  return issues;
}

function jsonStringIssues(source: string): TemplateIssue[] {
  const ast = parseTemplate(source, 'text').ast;
  const first = ast?.body[0];
  if (!ast || first?.type !== 'ContentStatement' || !/^\s*[[{]/.test((first as hbs.AST.ContentStatement).value)) return [];
  const issues: TemplateIssue[] = [];
  let inString = false;
  let escaped = false;
  const visit = (program: AST): void => {
    for (const node of program.body) {
      if (node.type === 'ContentStatement') {
        for (const ch of (node as hbs.AST.ContentStatement).value) {
          if (escaped) escaped = false;
          else if (inString && ch === '\\') escaped = true;
          else if (ch === '"') inString = !inString;
        }
      } else if (node.type === 'MustacheStatement') {
        const m = node as hbs.AST.MustacheStatement;
        const name = pathName(m.path);
        if (inString && name !== 'raw') issues.push({ code: 'template.in-json-string', name: m.params.length > 0 ? pathName(m.params[0]!) ?? '…' : (name ?? '…'), ...position(m) });
      } else if (node.type === 'BlockStatement') {
        const b = node as hbs.AST.BlockStatement;
        visit(b.program);
        if (b.inverse) visit(b.inverse);
      }
    }
  };
  visit(ast);
  return issues;
}

/** Truthiness of a rendered `when`: false for '', 'false', '0', 'no' (any case, trimmed). */
export function isTruthy(rendered: string): boolean {
  const v = rendered.trim().toLowerCase();
  return !(v === '' || v === 'false' || v === '0' || v === 'no');
}
