// The scanner behind parseShell: walks shell text once, cutting it into words, redirects, heredocs and simple commands.
import type { ParsedShell, SimpleCommand, Word } from './lex.js';
import { walkQuotes, type QuoteState } from './quotes.js';

/** Index of the `)` closing the `(` at `open` (quotes and nesting respected), or `to` when it is not closed. */
function findClose(src: string, open: number, to: number): number {
  let depth = 0;
  const closes = (i: number): boolean => {
    if (src[i] === '(') depth++;
    else if (src[i] === ')') depth--;
    return src[i] === ')' && depth === 0;
  };
  return walkQuotes(src, open, to, closes).at;
}

/** Index of the backtick closing the one at `open`, or `to`. */
function findBacktick(src: string, open: number, to: number): number {
  for (let i = open + 1; i < to; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '`') return i;
  }
  return to;
}

/** Length of a `case` pattern at `i` (`start|restart)`, `*)`, `( a )`), or undefined when there is none. */
function casePattern(src: string, i: number, to: number): number | undefined {
  let j = i;
  while (j < to && (src[j] === ' ' || src[j] === '\t')) j++;
  if (src[j] === '(') j++;
  let seen = false;
  for (; j < to; j++) {
    const c = src[j]!;
    if (c === ')') return seen ? j + 1 - i : undefined;
    if (c === '\n' || c === ';' || c === '&' || c === '(') return undefined;
    if (c === '\\') j++;
    else if (c === "'" || c === '"') {
      const close = src.indexOf(c, j + 1);
      if (close < 0 || close >= to) return undefined;
      j = close;
    }
    if (c !== ' ' && c !== '\t' && c !== '|') seen = true;
  }
  return undefined;
}

/** Substitutions nested deeper than this are not looked into. */
const MAX_DEPTH = 32;

/** Words that may come before `[[` in a command (`if [[ ... ]]`). */
const TEST_LEADS = new Set(['if', 'elif', 'while', 'until', '!', 'then', 'do', 'else', '{']);
/** A `<<EOF` whose body starts on the next line, and the command it feeds. */
interface PendingHeredoc {
  delim: string;
  strip: boolean;
  owner: SimpleCommand;
}

/** Scans `src[from, to)` at `depth`, adding its simple commands (and those of its substitutions) to `parsed`. */
export function scan(src: string, from: number, to: number, depth: number, parsed: ParsedShell): void {
  new Scanner(src, to, depth, parsed).run(from);
}

/**
 * One level of scanning (a substitution gets its own). Each handler takes the character at `i` and returns
 * the index of the last character it consumed, or undefined when the character is not its business.
 */
class Scanner {
  private cur: SimpleCommand;
  /** The word being read (quotes removed) and where it started; -1 between words. */
  private value = '';
  private start = -1;
  private state: QuoteState = 'none';
  /** A redirect operator waiting for its target word. */
  private redirect: { op: string; start: number } | undefined;
  private heredocs: PendingHeredoc[] = [];
  /** Inside `[[ ... ]]`. */
  private inTest = false;
  /** After `case … in` or `;;`: a `pattern)` may come. */
  private expectPattern = false;

  constructor(
    private readonly src: string,
    private readonly to: number,
    private readonly depth: number,
    private readonly parsed: ParsedShell,
  ) {
    this.cur = this.fresh();
  }

  run(from: number): void {
    for (let i = from; i < this.to; i++) i = this.step(i);
    this.flushWord(this.to);
    this.flushCommand();
  }

  private step(i: number): number {
    const c = this.src[i]!;
    if (this.state === 'single') {
      if (c === "'") this.state = 'none';
      else this.value += c;
      return i;
    }
    if (this.state === 'double') return this.inDoubleQuotes(i, c);
    if (this.expectPattern && this.start < 0 && this.cur.words.length === 0 && !/\s/.test(c)) {
      this.expectPattern = false;
      const length = casePattern(this.src, i, this.to);
      if (length !== undefined) return i + length - 1;
    }
    return this.quoting(i, c) ?? this.separator(i, c) ?? this.redirection(i, c) ?? this.parenthesis(i, c) ?? this.plain(i, c);
  }

  private inDoubleQuotes(i: number, c: string): number {
    const { src } = this;
    if (c === '\\' && i + 1 < this.to) {
      const next = src[i + 1]!;
      if ('$`"\\\n'.includes(next)) {
        if (next !== '\n') this.value += next;
        return i + 1;
      }
      this.value += c;
    } else if (c === '"') this.state = 'none';
    else if (c === '$' && src[i + 1] === '(') return this.substitution(i, i + 1);
    else if (c === '`') return this.backtick(i);
    else this.value += c;
    return i;
  }

  /** Backslashes, quotes, `$'…'`, `$(…)`, backticks and comments. */
  private quoting(i: number, c: string): number | undefined {
    const { src, to } = this;
    if (c === '\\') {
      if (src[i + 1] === '\n') return i + 1; // a line continuation
      this.begin(i);
      if (i + 1 < to) this.value += src[++i];
      return i;
    }
    if (c === "'" || c === '"') {
      this.begin(i);
      this.state = c === "'" ? 'single' : 'double';
      return i;
    }
    if (c === '$' && src[i + 1] === "'") {
      this.begin(i);
      this.state = 'single'; // `$'...'`: close enough
      return i + 1;
    }
    if (c === '$' && src[i + 1] === '(') {
      this.begin(i);
      return this.substitution(i, i + 1);
    }
    if (c === '`') {
      this.begin(i);
      return this.backtick(i);
    }
    if (c === '#' && this.start < 0) {
      while (i + 1 < to && src[i + 1] !== '\n') i++; // a comment runs to the end of the line
      return i;
    }
    return undefined;
  }

  /** Blanks end a word; newlines, `;`, `|`, `&` (and `;;`, `||`, `&&`) end a command too. */
  private separator(i: number, c: string): number | undefined {
    const { src } = this;
    if (c === ' ' || c === '\t' || c === '\r') {
      this.flushWord(i);
      return i;
    }
    if (c === '\n') {
      this.flushWord(i);
      this.flushCommand();
      return this.heredocs.length > 0 ? this.readHeredocs(i + 1) - 1 : i;
    }
    if (this.inTest && c !== ';') return undefined;
    if (c === ';') {
      this.endCommand(i);
      if (src[i + 1] === ';' || src[i + 1] === '&') {
        i++;
        if (src[i + 1] === '&') i++;
        this.expectPattern = true;
      }
      return i;
    }
    if (c === '|') {
      this.endCommand(i);
      return src[i + 1] === '|' || src[i + 1] === '&' ? i + 1 : i;
    }
    if (c === '&' && src[i + 1] !== '>') {
      this.endCommand(i);
      return src[i + 1] === '&' ? i + 1 : i;
    }
    return undefined;
  }

  /** `<(…)`, `>(…)` and the redirect operators (`2>`, `&>>`, `<<-` …). */
  private redirection(i: number, c: string): number | undefined {
    if (this.inTest) return undefined;
    if ((c === '<' || c === '>') && this.src[i + 1] === '(') {
      this.begin(i);
      return this.substitution(i, i + 1);
    }
    if (c !== '<' && c !== '>' && c !== '&') return undefined;
    let opStart = i;
    if (this.start >= 0 && /^\d+$/.test(this.value) && c !== '&') {
      opStart = this.start; // `2>`: the descriptor belongs to the operator
      this.value = '';
      this.start = -1;
    } else this.flushWord(i);
    const op = /^(&>>|&>|>>|>\||>&|>|<<<|<<-|<<|<&|<>|<)/.exec(this.src.slice(i, Math.min(this.to, i + 3)))![1]!;
    i += op.length - 1;
    this.redirect = { op, start: opStart };
    this.touch(opStart, i + 1);
    return i;
  }

  /** `name() {`, `(( … ))`, `arr=(…)`, subshells. */
  private parenthesis(i: number, c: string): number | undefined {
    if (this.inTest) return undefined;
    const { src, to, cur } = this;
    if (c === ')') {
      this.endCommand(i);
      return i;
    }
    if (c !== '(') return undefined;
    const empty = /^\(\s*\)/.exec(src.slice(i, Math.min(to, i + 64)));
    if (empty && cur.words.length + (this.start >= 0 ? 1 : 0) <= 1) {
      // `name() {`: a function definition
      this.flushWord(i);
      const name = this.cur.words.pop();
      if (name) this.parsed.functions.add(name.value);
      return i + empty[0].length - 1;
    }
    if (this.start < 0 && cur.words.length === 0 && src[i + 1] === '(') return findClose(src, i, to); // `(( n++ ))`: arithmetic
    if (this.start >= 0) this.value += c; // `arr=(...)`, odd but harmless
    else this.flushCommand(); // a subshell
    return i;
  }

  /** Any other character belongs to the word (inside `[[ ... ]]`, `&&`, `<`, `(` are operators of the test, not of the shell). */
  private plain(i: number, c: string): number {
    this.begin(i);
    this.value += c;
    return i;
  }

  private fresh(): SimpleCommand {
    return { words: [], redirects: [], heredocs: [], start: -1, end: -1, depth: this.depth };
  }

  private begin(i: number): void {
    if (this.start < 0) this.start = i;
  }

  private touch(s: number, e: number): void {
    if (this.cur.start < 0) this.cur.start = s;
    this.cur.end = Math.max(this.cur.end, e);
  }

  private endCommand(i: number): void {
    this.flushWord(i);
    this.flushCommand();
  }

  private flushWord(end: number): void {
    if (this.start < 0) return;
    const word: Word = { value: this.value, start: this.start, end };
    this.value = '';
    this.start = -1;
    this.touch(word.start, end);
    if (this.redirect) {
      const op = this.redirect.op;
      this.cur.redirects.push({ op, target: word.value, start: this.redirect.start, end });
      if (op === '<<' || op === '<<-') this.heredocs.push({ delim: word.value, strip: op === '<<-', owner: this.cur });
      this.redirect = undefined;
      return;
    }
    this.addWord(word);
  }

  /** A word of the command; `[[`, `]]`, `function name` and `case … in` change what comes next. */
  private addWord(word: Word): void {
    const cur = this.cur;
    cur.words.push(word);
    const first = cur.words[0]!.value;
    if (word.value === '[[' && cur.words.slice(0, -1).every((w) => TEST_LEADS.has(w.value))) this.inTest = true;
    else if (this.inTest && word.value === ']]') this.inTest = false;
    if (first === 'function' && cur.words.length === 2) {
      this.parsed.functions.add(word.value);
      cur.words = [];
    } else if (first === 'case' && cur.words.length >= 3 && word.value === 'in') {
      this.flushCommand();
      this.expectPattern = true;
    }
  }

  private flushCommand(): void {
    if (this.redirect) {
      const { op, start } = this.redirect;
      this.cur.redirects.push({ op, target: '', start, end: start + op.length });
      this.redirect = undefined;
    }
    if (this.cur.words.length > 0 || this.cur.redirects.length > 0) this.parsed.commands.push(this.cur);
    this.cur = this.fresh();
    this.inTest = false;
  }

  /** Reads the bodies of the pending heredocs from `pos` (the line after their command); returns where they end. */
  private readHeredocs(pos: number): number {
    const { src, to } = this;
    for (const h of this.heredocs) {
      let body = '';
      while (pos < to) {
        const nl = src.indexOf('\n', pos);
        const end = nl < 0 || nl > to ? to : nl;
        const line = src.slice(pos, end);
        pos = end + 1;
        if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delim) break;
        body += line + '\n';
      }
      h.owner.heredocs.push(body);
    }
    this.heredocs = [];
    return pos;
  }

  /** `$(...)` (or `<(...)`) at `i`: its commands are scanned one level deeper; the text stays in the word. */
  private substitution(i: number, open: number): number {
    const { src, to, depth } = this;
    const close = findClose(src, open, to);
    // `$((...))` is arithmetic; past MAX_DEPTH levels the text is only a word (no stack overflow on hostile input).
    if ((src[open + 1] !== '(' || src[i] !== '$') && depth < MAX_DEPTH) scan(src, open + 1, close, depth + 1, this.parsed);
    this.value += src.slice(i, Math.min(close + 1, to));
    return close;
  }

  private backtick(i: number): number {
    const { src, to, depth } = this;
    const close = findBacktick(src, i, to);
    if (depth < MAX_DEPTH) scan(src, i + 1, close, depth + 1, this.parsed);
    this.value += src.slice(i, Math.min(close + 1, to));
    return close;
  }
}
