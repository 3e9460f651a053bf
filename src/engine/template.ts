// Templates, parsed and checked: known names only, no partials, no templates inside shell quotes.
//
// Only Handlebars' parser is loaded here, so `validate` stays light; rendering (an isolated, strict
// Handlebars instance whose values are shell-quoted in commands) lives in template-render.ts.
import { parse } from 'handlebars/dist/cjs/handlebars/compiler/base.js';
import type { TemplateKind } from './plan.js';

type AST = hbs.AST.Program;
type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;

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

/** Tracks shell quoting through the literal text of a command: are we inside '…' or "…" here? */
class ShellQuoteState {
  private stack: ('single' | 'double' | 'subst' | 'backtick')[] = [];
  private parens: number[] = [];

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const top = this.stack[this.stack.length - 1];
      if (top === 'single') {
        if (ch === "'") this.stack.pop();
        continue;
      }
      if (ch === '\\') {
        i++;
        continue;
      }
      if (top === 'double') {
        if (ch === '"') this.stack.pop();
        else if (ch === '$' && text[i + 1] === '(') {
          this.stack.push('subst');
          this.parens.push(0);
          i++;
        } else if (ch === '`') this.stack.push('backtick');
        continue;
      }
      if (ch === "'") this.stack.push('single');
      else if (ch === '"') this.stack.push('double');
      else if (ch === '`') {
        if (top === 'backtick') this.stack.pop();
        else this.stack.push('backtick');
      } else if (ch === '$' && text[i + 1] === '(') {
        this.stack.push('subst');
        this.parens.push(0);
        i++;
      } else if (top === 'subst' && ch === '(') {
        this.parens[this.parens.length - 1]! += 1;
      } else if (top === 'subst' && ch === ')') {
        const depth = this.parens[this.parens.length - 1]!;
        if (depth === 0) {
          this.stack.pop();
          this.parens.pop();
        } else this.parens[this.parens.length - 1] = depth - 1;
      }
    }
  }

  /** The quote a value inserted here would land in, if any. */
  get quoted(): 'single' | 'double' | undefined {
    const top = this.stack[this.stack.length - 1];
    return top === 'single' || top === 'double' ? top : undefined;
  }
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
  let ast: AST;
  try {
    ast = parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /line (\d+)/.exec(message);
    result.issues.push({ code: 'template.syntax', detail: message.split('\n')[0], line: match ? Number(match[1]) : 1, col: 1 });
    return result;
  }
  const quotes = new ShellQuoteState();
  const issue = (node: Node, code: string, data: Omit<TemplateIssue, 'code' | 'line' | 'col'> = {}) =>
    result.issues.push({ code, ...data, ...position(node) });

  const visitExpr = (expr: Expr | hbs.AST.Literal, raw: boolean): void => {
    if (expr.type === 'PathExpression') {
      const p = expr as hbs.AST.PathExpression;
      if (p.data || p.depth > 0 || p.parts.length === 0 || p.original === 'this' || p.original.startsWith('this.')) {
        issue(expr, 'template.unsupported', { name: p.original });
        return;
      }
      result.references.push({ parts: [...p.parts], raw, ...position(expr) });
      if (raw) result.raw.push(p.original);
    } else if (expr.type === 'SubExpression') {
      const sub = expr as hbs.AST.SubExpression;
      visitCall(sub, sub.path, sub.params, sub.hash, raw);
    }
  };

  const visitCall = (node: Node, path: Expr | hbs.AST.Literal, params: Expr[], hash: hbs.AST.Hash | undefined, raw: boolean) => {
    const name = pathName(path);
    const isCall = params.length > 0 || (hash?.pairs.length ?? 0) > 0;
    if (!isCall) {
      visitExpr(path, raw);
      return;
    }
    if (name === undefined || !(helperNames as readonly string[]).includes(name)) {
      issue(node, 'template.unknown-helper', { name: name ?? '?', helpers: helperNames });
      return;
    }
    const isRaw = raw || name === 'raw' || name === 'json';
    for (const param of params) visitExpr(param, isRaw);
    for (const pair of hash?.pairs ?? []) visitExpr(pair.value, isRaw);
  };

  const visitProgram = (program: AST): void => {
    for (const node of program.body) {
      switch (node.type) {
        case 'ContentStatement':
          if (kind === 'shell') quotes.feed((node as hbs.AST.ContentStatement).value);
          break;
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (!m.escaped) {
            issue(m, 'template.triple-stash');
            break;
          }
          const name = pathName(m.path);
          const raw = name === 'raw' && m.params.length > 0;
          if (kind === 'shell' && quotes.quoted && !raw) {
            issue(m, 'template.in-quotes', { name: name ?? '…', quote: quotes.quoted });
          }
          visitCall(m, m.path, m.params, m.hash, false);
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const name = pathName(b.path);
          if (!name || !blockHelperNames.has(name)) {
            issue(b, 'template.unknown-block', { name: name ?? '?' });
            break;
          }
          for (const param of b.params) visitExpr(param, true);
          visitProgram(b.program);
          if (b.inverse) visitProgram(b.inverse);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          issue(node, 'template.partial');
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          issue(node, 'template.decorator');
          break;
        default:
          issue(node, 'template.unsupported', { detail: node.type });
      }
    }
  };
  visitProgram(ast);
  result.ast = ast;
  return result;
}

/** Truthiness of a rendered `when`: false for '', 'false', '0', 'no' (any case, trimmed). */
export function isTruthy(rendered: string): boolean {
  const v = rendered.trim().toLowerCase();
  return !(v === '' || v === 'false' || v === '0' || v === 'no');
}
