// Reads a Markdown runbook with `marked`'s lexer into sections: heading, prose, code blocks, inline code, tables.
import { marked, type Token, type Tokens } from 'marked';

export interface CodeBlock {
  lang: string;
  text: string;
  indented: boolean;
  /** The prose just before the block (a list item's text, a lead-in paragraph): a name for a lone command. */
  lead?: string;
}

/** Inline code with the text that precedes it in the same paragraph or list item (`Grafana：`). */
export interface InlineCode {
  code: string;
  label: string;
}

export interface Cell {
  text: string;
  codes: string[];
}

export interface Table {
  header: Cell[];
  rows: Cell[][];
}

export interface Section {
  /** Heading text without its number (`Docker Compose`). */
  title: string;
  /** The number the heading starts with (`2.1`), if any. */
  number?: string;
  depth: number;
  /** Titles of the enclosing headings, outermost first. */
  parents: string[];
  prose: string[];
  code: CodeBlock[];
  inline: InlineCode[];
  tables: Table[];
}

/** Splits a Markdown document into sections, one per heading (text before the first heading is a section too). */
export function readSections(markdown: string): Section[] {
  const tokens = marked.lexer(markdown, { gfm: true });
  const sections: Section[] = [];
  const stack: { depth: number; title: string }[] = [];
  let current: Section = newSection('', undefined, 0, []);
  let lastText = '';
  const push = (): void => {
    if (current.code.length + current.inline.length + current.tables.length + current.prose.length > 0 || current.title) sections.push(current);
  };

  const walk = (list: Token[]): void => {
    for (const token of list) {
      switch (token.type) {
        case 'heading': {
          const t = token as Tokens.Heading;
          push();
          while (stack.length > 0 && stack[stack.length - 1]!.depth >= t.depth) stack.pop();
          const text = plain(t.tokens).trim();
          const m = text.match(/^(\d+(?:\.\d+)*)\.?\s+(.*)$/);
          current = newSection(m ? m[2]! : text, m?.[1], t.depth, stack.map((s) => s.title));
          stack.push({ depth: t.depth, title: current.title });
          lastText = '';
          break;
        }
        case 'paragraph':
        case 'text': {
          const t = token as Tokens.Paragraph | Tokens.Text;
          const inner = 'tokens' in t && t.tokens ? t.tokens : undefined;
          const text = inner ? plain(inner) : t.text;
          if (inner) collectInline(inner, current.inline);
          if (text.trim()) {
            current.prose.push(text.trim());
            lastText = text.trim();
          }
          break;
        }
        case 'code': {
          const t = token as Tokens.Code;
          current.code.push({ lang: (t.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase(), text: t.text, indented: t.codeBlockStyle === 'indented', ...(lastText ? { lead: lastText } : {}) });
          lastText = '';
          break;
        }
        case 'list': {
          for (const item of (token as Tokens.List).items) walk(item.tokens);
          break;
        }
        case 'blockquote':
          walk((token as Tokens.Blockquote).tokens);
          break;
        case 'table': {
          const t = token as Tokens.Table;
          current.tables.push({ header: t.header.map(cell), rows: t.rows.map((r) => r.map(cell)) });
          break;
        }
        default:
          break;
      }
    }
  };
  walk(tokens);
  push();
  return sections;
}

function newSection(title: string, number: string | undefined, depth: number, parents: string[]): Section {
  return { title, ...(number ? { number } : {}), depth, parents, prose: [], code: [], inline: [], tables: [] };
}

function cell(c: Tokens.TableCell): Cell {
  const codes: string[] = [];
  const gather = (tokens: Token[]): void => {
    for (const t of tokens) {
      if (t.type === 'codespan') codes.push(decode((t as Tokens.Codespan).text));
      else if ('tokens' in t && Array.isArray(t.tokens)) gather(t.tokens as Token[]);
    }
  };
  gather(c.tokens);
  return { text: plain(c.tokens).trim(), codes };
}

function collectInline(tokens: Token[], out: InlineCode[]): void {
  let label = '';
  for (const t of tokens) {
    if (t.type === 'codespan') {
      out.push({ code: decode((t as Tokens.Codespan).text), label: label.replace(/[：:\s(（]+$/u, '').trim() });
      label = '';
    } else if (t.type === 'br') label = '';
    else label += plain([t]);
  }
}

/** Plain text of inline tokens (codespans keep their backticks so readers still see what was code). */
export function plain(tokens: Token[]): string {
  let out = '';
  for (const t of tokens) {
    if (t.type === 'codespan') out += '`' + decode((t as Tokens.Codespan).text) + '`';
    else if (t.type === 'br') out += '\n';
    else if ('tokens' in t && Array.isArray(t.tokens)) out += plain(t.tokens as Token[]);
    else if ('text' in t && typeof t.text === 'string') out += decode(t.text);
  }
  return out;
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
