// Every relative link of README.md and docs/ leads somewhere: the file exists, and a #heading of a Markdown file too.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Lexer, type Token } from 'marked';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every Markdown file under docs/. */
function documents(): string[] {
  const found = [join(root, 'README.md')];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.md')) found.push(join(dir, entry.name));
    }
  };
  walk(join(root, 'docs'));
  return found;
}

/** Every token of a Markdown document, depth first (links sit inside paragraphs, tables, lists). */
function* walk(tokens: readonly Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token;
    const t = token as Token & { tokens?: Token[]; items?: Token[]; header?: { tokens: Token[] }[]; rows?: { tokens: Token[] }[][] };
    if (t.tokens) yield* walk(t.tokens);
    if (t.items) yield* walk(t.items);
    if (t.header) for (const cell of t.header) yield* walk(cell.tokens);
    if (t.rows) for (const row of t.rows) for (const cell of row) yield* walk(cell.tokens);
  }
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const token of walk(new Lexer().lex(readFileSync(file, 'utf8')))) {
    if (token.type === 'heading') anchors.add(anchorOf((token as Token & { text: string }).text));
  }
  return anchors;
}

describe('links in README and docs', () => {
  it('every relative link points at a file (and heading) that exists', () => {
    const broken: string[] = [];
    for (const doc of documents()) {
      for (const token of walk(new Lexer().lex(readFileSync(doc, 'utf8')))) {
        // A path written as code (`../shared/seed/x.md`) is read as a link too: people follow it the same way.
        const code = token.type === 'codespan' ? (token as Token & { text: string }).text : '';
        const pathInCode = /^\.{1,2}\/[^\s`]+\.(md|ya?ml|json|ts|mjs)$/.test(code) ? code : undefined;
        if (token.type !== 'link' && token.type !== 'image' && !pathInCode) continue;
        const href = pathInCode ?? (token as Token & { href: string }).href;
        if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // http:, https:, mailto:
        const [path = '', anchor] = href.split('#');
        const target = path === '' ? doc : resolve(dirname(doc), decodeURIComponent(path));
        const where = `${relative(root, doc)}: ${href}`;
        if (!existsSync(target)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith('.md') && statSync(target).isFile() && !anchorsOf(target).has(anchor)) broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('finds the links it checks (the walker is not silently empty)', () => {
    const hrefs = [...walk(new Lexer().lex(readFileSync(join(root, 'docs', 'playbooks.md'), 'utf8')))].filter((t) => t.type === 'link');
    expect(hrefs.length).toBeGreaterThan(10);
  });
});
