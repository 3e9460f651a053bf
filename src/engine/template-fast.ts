// A small scanner for the simple templates playbooks use, so `validate` seldom loads Handlebars' parser.
//
// It builds exactly the AST Handlebars' `parse` builds (test/engine/template-fast.test.ts checks it
// against Handlebars) for literal text and escaped mustaches `{{path}}` / `{{helper arg …}}` whose
// arguments are plain paths or string, number, boolean, null or undefined literals. Anything else —
// blocks, comments, partials, `{{{`, `~`, escapes, hashes, sub-expressions, `@data`, `this`, `..`,
// `[segments]`, CR line breaks, odd characters — returns undefined, and the caller uses Handlebars.

type Position = { line: number; column: number };
type Param = hbs.AST.PathExpression | hbs.AST.Literal;

const SPACE = 32;
const TAB = 9;
const NL = 10;
const BRACE_CLOSE = 125;
const DOT = 46;
const BACKSLASH = 92;

/** Characters after `{{` that start something other than a plain mustache. */
const OPENERS = '~>#/^{&!*';
const KEYWORDS = new Set(['this', 'true', 'false', 'null', 'undefined']);

/** A run of path segment characters we accept: a subset of what Handlebars' ID token allows. */
const ID_RUN = /[A-Za-z0-9_-]*/y;
const SPACE_RUN = /[ \t\n]*/y;

/** The end of the run of `pattern` (a sticky regex matching possibly nothing) that starts at `from`. */
function runEnd(pattern: RegExp, source: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(source) ? pattern.lastIndex : from;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NL;
}

/** Parses `source` as Handlebars would, or returns undefined when it is outside the supported subset. */
export function fastParseTemplate(source: string): hbs.AST.Program | undefined {
  const n = source.length;
  // Line breaks other than \n and NUL bytes change how Handlebars counts positions or splits text.
  if (/[\0\r\u2028\u2029]/.test(source)) return undefined;

  let i = 0;
  let line = 1;
  /** Where the current line starts: the column is counted from there, 0-based in UTF-16 units, as Handlebars does. */
  let lineStart = 0;
  const moveTo = (to: number): void => {
    for (let nl = source.indexOf('\n', i); nl !== -1 && nl < to; nl = source.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
    i = to;
  };
  const here = (): Position => ({ line, column: i - lineStart });
  // Handlebars leaves `source` undefined when no srcName is given (its types say string).
  const loc = (start: Position): hbs.AST.SourceLocation => ({ source: undefined as unknown as string, start, end: here() });
  /** True when the cursor stands at the end of a token: whitespace or `}`. */
  const atTokenEnd = (): boolean => {
    const c = source.charCodeAt(i);
    return isSpace(c) || c === BRACE_CLOSE;
  };

  const readPath = (): hbs.AST.PathExpression | undefined => {
    const start = here();
    const from = i;
    const parts: string[] = [];
    for (;;) {
      const segStart = i;
      const j = runEnd(ID_RUN, source, i);
      if (j === segStart) return undefined;
      const first = source.charCodeAt(segStart);
      if ((first >= 48 && first <= 57) || first === 45) return undefined;
      const part = source.slice(segStart, j);
      if (KEYWORDS.has(part)) return undefined;
      parts.push(part);
      moveTo(j);
      if (source.charCodeAt(i) !== DOT) break;
      moveTo(i + 1);
    }
    if (!atTokenEnd()) return undefined;
    return { type: 'PathExpression', data: false, depth: 0, parts, original: source.slice(from, i), loc: loc(start) } as hbs.AST.PathExpression;
  };

  const readParam = (): Param | undefined => {
    const c = source.charCodeAt(i);
    const start = here();
    if (c === 34 || c === 39) {
      const close = source.indexOf(source[i]!, i + 1);
      if (close < 0) return undefined;
      const value = source.slice(i + 1, close);
      if (value.includes('\\')) return undefined;
      moveTo(close + 1);
      if (!atTokenEnd()) return undefined;
      return { type: 'StringLiteral', value, original: value, loc: loc(start) } as hbs.AST.StringLiteral;
    }
    const j = runEnd(ID_RUN, source, i);
    const word = source.slice(i, j);
    const after = source.charCodeAt(j);
    if (word !== '' && (isSpace(after) || after === BRACE_CLOSE)) {
      if (/^-?[0-9]+$/.test(word)) {
        moveTo(j);
        return { type: 'NumberLiteral', value: Number(word), original: Number(word), loc: loc(start) } as hbs.AST.NumberLiteral;
      }
      if (word === 'true' || word === 'false') {
        moveTo(j);
        return { type: 'BooleanLiteral', value: word === 'true', original: word === 'true', loc: loc(start) } as hbs.AST.BooleanLiteral;
      }
      if (word === 'null') {
        moveTo(j);
        return { type: 'NullLiteral', original: null, value: null, loc: loc(start) } as unknown as hbs.AST.NullLiteral;
      }
      if (word === 'undefined') {
        moveTo(j);
        return { type: 'UndefinedLiteral', original: undefined, value: undefined, loc: loc(start) } as unknown as hbs.AST.UndefinedLiteral;
      }
    }
    return readPath();
  };

  const skipSpace = (): boolean => {
    const from = i;
    const j = runEnd(SPACE_RUN, source, i);
    moveTo(j);
    return j > from;
  };

  const readMustache = (): hbs.AST.MustacheStatement | undefined => {
    const start = here();
    const opener = source[i + 2];
    if (opener !== undefined && OPENERS.includes(opener)) return undefined;
    moveTo(i + 2);
    skipSpace();
    // `{{else…` (up to a word boundary) opens an inverse section.
    if (source.startsWith('else', i) && !isWordChar(source.charCodeAt(i + 4))) return undefined;
    const path = readPath();
    if (!path) return undefined;
    const params: Param[] = [];
    for (;;) {
      const spaced = skipSpace();
      if (source.charCodeAt(i) === BRACE_CLOSE) {
        // `}}` closes; `}}}` would close a triple-stash, and a lone `}` is an error.
        if (source.charCodeAt(i + 1) !== BRACE_CLOSE || source.charCodeAt(i + 2) === BRACE_CLOSE) return undefined;
        moveTo(i + 2);
        break;
      }
      if (!spaced || i >= n) return undefined;
      const param = readParam();
      if (!param) return undefined;
      params.push(param);
    }
    return {
      type: 'MustacheStatement',
      path,
      params,
      hash: undefined,
      escaped: true,
      strip: { open: false, close: false },
      loc: loc(start),
    } as unknown as hbs.AST.MustacheStatement;
  };

  const body: hbs.AST.Statement[] = [];
  while (i < n) {
    let open = source.indexOf('{{', i);
    if (open < 0) open = n;
    if (open > i) {
      // A backslash right before `{{` escapes it (or, doubled, escapes itself).
      if (open < n && source.charCodeAt(open - 1) === BACKSLASH) return undefined;
      const start = here();
      const value = source.slice(i, open);
      moveTo(open);
      body.push({ type: 'ContentStatement', original: value, value, loc: loc(start) } as unknown as hbs.AST.ContentStatement);
    }
    if (i >= n) break;
    const mustache = readMustache();
    if (!mustache) return undefined;
    body.push(mustache);
  }

  const first = body[0];
  const last = body[body.length - 1];
  const programLoc =
    first && last
      ? { source: undefined, start: { ...first.loc.start }, end: { ...last.loc.end } }
      : undefined;
  return { type: 'Program', body, strip: {}, loc: programLoc } as unknown as hbs.AST.Program;
}
