// Where a value would land in a command's shell text: inside quotes, a here-document, a comment, after a backslash.

/**
 * Tracks shell quoting through the literal text of a command: is a value inserted here inside
 * '…', $'…' or "…", after a backslash, or inside the body of a here-document? It keeps commands
 * readable and catches misuse; it does not keep values safe — they reach the shell through the
 * environment (template-render.ts), whatever this concludes.
 */
export class ShellQuoteState {
  private stack: ('single' | 'ansi' | 'double' | 'subst' | 'backtick')[] = [];
  private parens: number[] = [];
  /** Here-documents opened on the current line, waiting for its end. */
  private pending: { word: string; dash: boolean }[] = [];
  /** The here-document whose body we are in, and the body line read so far. */
  private body: { word: string; dash: boolean } | undefined;
  private line = '';
  /** Inside a `# comment` (until the end of the line). */
  private comment = false;
  /** The last character read ended in an unpaired backslash: it escapes whatever comes next. */
  private escaping = false;
  /** The character before the next one, to tell a comment's `#` from one inside a word (`a#b`, `${#x}`). */
  private prev = '\n';

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const prev = this.prev;
      this.prev = ch;
      if (this.escaping) {
        this.escaping = false;
        continue;
      }
      if (this.body) {
        if (ch !== '\n') {
          this.line += ch;
          continue;
        }
        const line = this.body.dash ? this.line.replace(/^\t+/, '') : this.line;
        if (line === this.body.word) this.body = this.pending.shift();
        this.line = '';
        continue;
      }
      if (this.comment) {
        if (ch !== '\n') continue;
        this.comment = false;
      }
      const top = this.stack[this.stack.length - 1];
      if (top === 'single') {
        if (ch === "'") this.stack.pop();
        continue;
      }
      if (top === 'ansi') {
        if (ch === '\\') this.escaping = true;
        else if (ch === "'") this.stack.pop();
        continue;
      }
      if (ch === '\\') {
        this.escaping = true;
        continue;
      }
      if (top === 'double') {
        if (ch === '"') this.stack.pop();
        else if (ch === '$' && text[i + 1] === '(') {
          this.stack.push('subst');
          this.parens.push(0);
          i++;
          this.prev = '(';
        } else if (ch === '`') this.stack.push('backtick');
        continue;
      }
      if (ch === '\n' && this.pending.length > 0) {
        this.body = this.pending.shift();
        this.line = '';
      } else if (ch === '#' && /[\s;&|()<>`]/.test(prev)) {
        this.comment = true;
      } else if (ch === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        i = this.readHeredocWord(text, i + 2);
        this.prev = text[i] ?? ch;
      } else if (ch === '$' && text[i + 1] === "'") {
        this.stack.push('ansi');
        i++;
        this.prev = "'";
      } else if (ch === "'") this.stack.push('single');
      else if (ch === '"') this.stack.push('double');
      else if (ch === '`') {
        if (top === 'backtick') this.stack.pop();
        else this.stack.push('backtick');
      } else if (ch === '$' && text[i + 1] === '(') {
        this.stack.push('subst');
        this.parens.push(0);
        i++;
        this.prev = '(';
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

  /** A value was inserted here: it is part of a word (so a `#` right after it starts no comment). */
  value(): void {
    this.escaping = false;
    this.prev = 'x';
    if (this.body) this.line += 'x';
  }

  /** Reads the delimiter after `<<` (`-`, quotes and backslashes allowed); returns the index of its last character. */
  private readHeredocWord(text: string, from: number): number {
    let i = from;
    const dash = text[i] === '-';
    if (dash) i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    let word = '';
    while (i < text.length && !/[\s;&|<>()]/.test(text[i]!)) {
      const c = text[i]!;
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        if (close < 0) break;
        word += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '\\') {
        word += text[i + 1] ?? '';
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    if (word) this.pending.push({ word, dash });
    return i - 1;
  }

  /** The quote a value inserted here would land in, if any. */
  get quoted(): 'single' | 'double' | undefined {
    const top = this.stack[this.stack.length - 1];
    if (top === 'ansi') return 'single';
    return top === 'single' || top === 'double' ? top : undefined;
  }

  /** True inside the body of a here-document. */
  get inHeredoc(): boolean {
    return this.body !== undefined;
  }

  /** True right after an unpaired backslash, which would escape the first character of a value. */
  get escaped(): boolean {
    return this.escaping && !this.comment;
  }

  /** True inside a `# comment`: a value there is never read by the shell. */
  get inComment(): boolean {
    return this.comment;
  }

  clone(): ShellQuoteState {
    const copy = new ShellQuoteState();
    copy.stack = [...this.stack];
    copy.parens = [...this.parens];
    copy.pending = [...this.pending];
    copy.body = this.body;
    copy.line = this.line;
    copy.comment = this.comment;
    copy.escaping = this.escaping;
    copy.prev = this.prev;
    return copy;
  }

  /** Whether two states agree on everything that decides how a later value is read. */
  sameAs(other: ShellQuoteState): boolean {
    const key = (s: ShellQuoteState) => JSON.stringify([s.stack, s.parens, s.pending, s.body, s.comment, s.escaping]);
    return key(this) === key(other);
  }
}
