// Quote-aware rewriting of recorded commands: `{{param}}` and env references inserted so the result is still correct shell.
import { quoteMap, type QuoteState } from '../shell/lex.js';

/** A replacement of `cmd.slice(start, end)`: a Handlebars template (`{{x}}`) or a reference to an env variable. */
export interface Replacement {
  start: number;
  end: number;
  kind: 'template' | 'env';
  /** The template text (`{{host}}`) or the variable name (`API_TOKEN`). */
  value: string;
}

/** Escapes Handlebars delimiters in literal command text (`{{.Names}}` of docker stays literal). */
export function escapeLiteral(text: string): string {
  return text.replace(/\{\{/g, '\\{{');
}

/**
 * Applies replacements so the result is still correct shell: a `{{param}}` (shell-quoted when rendered) is
 * never left inside quotes — the quote is closed before it and reopened after; an env reference becomes
 * `"${NAME}"` (or `${NAME}` inside double quotes). Literal text has Handlebars delimiters escaped.
 */
export function rewrite(cmd: string, replacements: readonly Replacement[], options: { escape?: boolean } = {}): string {
  const escapeHandlebars = options.escape === false ? (t: string) => t : escapeLiteral;
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  const quotes = quoteMap(cmd);
  let out = '';
  let pos = 0;
  for (const r of sorted) {
    if (r.start < pos) continue; // overlapping: keep the first
    let literal = cmd.slice(pos, r.start);
    const state = quotes[r.start] ?? 'none';
    const q = state === 'single' ? "'" : state === 'double' ? '"' : '';
    let insert: string;
    let breakOut: boolean;
    if (r.kind === 'env') {
      insert = state === 'double' ? `\${${r.value}}` : `"\${${r.value}}"`;
      breakOut = state === 'single';
    } else {
      insert = r.value;
      breakOut = q !== '';
    }
    let after = r.end;
    if (breakOut) {
      // Close the quote before the value, reopen it after; drop quote pairs left empty.
      if (literal.endsWith(q) && isOpeningQuote(quotes, r.start - 1)) literal = literal.slice(0, -1);
      else insert = q + insert;
      if (cmd[after] === q && isClosingQuote(quotes, after)) after++;
      else insert = insert + q;
    }
    out += escapeHandlebars(literal) + insert;
    pos = after;
  }
  return out + escapeHandlebars(cmd.slice(pos));
}

function isOpeningQuote(quotes: QuoteState[], i: number): boolean {
  return i === 0 || quotes[i - 1] !== quotes[i];
}

function isClosingQuote(quotes: QuoteState[], i: number): boolean {
  return i + 1 >= quotes.length || quotes[i + 1] !== quotes[i];
}
