// Markdown escaping: playbook text and commands shown in PR comments can never break out of where they are put.

/** Control characters (other than newline and tab) and bidi controls shown visibly, so ANSI codes, bells and reordering cannot hide text. */
export function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const INLINE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '|': '&#124;',
  '\\': '&#92;',
  '~': '&#126;',
  '@': '&#64;', // no @mentions from playbook text
  '#': '&#35;', // no issue references
  '!': '&#33;',
  ':': '&#58;', // no :emoji: and no `::workflow-command::`
};

/** Entity-escapes every character Markdown or HTML gives a meaning to; newlines become spaces. */
function escapeChars(text: string): string {
  return showControls(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[&<>"'`*_[\]|\\~@#!:]/g, (c) => INLINE_ENTITIES[c] ?? c);
}

/**
 * Text for anywhere inline — a paragraph, a table cell, a `<summary>`, the start of a line: every
 * character Markdown or HTML gives a meaning to becomes an entity, newlines become spaces. Safe in and
 * out of HTML blocks.
 */
export function escapeInline(text: string): string {
  return (
    escapeChars(text)
      // At the start of a line, `---`, `- x`, `+ x`, `1. x` or four spaces would make a rule, a list or code.
      .replace(/^\s+/, '')
      .replace(/^[-+=]/, (c) => `&#${c.charCodeAt(0)};`)
      .replace(/^(\d+)([.)])/, (_, digits: string, mark: string) => `${digits}&#${mark.charCodeAt(0)};`)
  );
}

/** Text inside a `<code>` element (safe in tables too: `|` is an entity). */
export function inlineCode(text: string): string {
  return `<code>${escapeInline(text)}</code>`;
}

/** The longest run of backticks in a text. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the text, so the text cannot close it.
 * The block must stand on its own lines (a blank line is put before and after by the caller's joining).
 */
export function codeBlock(text: string, info = ''): string {
  const body = showControls(text).replace(/\r\n|\r/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

/** A `<details>` block: the summary is escaped, the body is Markdown made by us (already safe). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** Caps a text shown in a code block, saying how much was left out. */
export function capText(text: string, max: number, marker: (omitted: number) => string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n${marker(text.length - max)}`;
}

/** Inline text where `backticked` words become code: each part escaped on its own, so nothing breaks out. */
export function inlineWithCode(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => {
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return inlineCode(part.slice(1, -1));
      return i === 0 ? escapeInline(part) : escapeChars(part);
    })
    .join('');
}
