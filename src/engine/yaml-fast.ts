// A small, fast reader for the plain shape of YAML that playbooks are written in, used by `validate`.
//
// `yaml` (the full parser) costs most of a cold `runbook validate` (loading it, and running its lexer,
// parser and composer in a process too short-lived to optimise them). This reader handles only a
// deliberately narrow subset and returns the same data that `yaml` would, or `undefined` as soon as
// it meets anything else: the caller then falls back to the full parser, which also produces every
// diagnostic with its position. Declining is always safe; a different value would be a defect, which
// is why test/engine/yaml-fast.test.ts compares it with `yaml` on every playbook, the test corpus and
// thousands of generated documents.
//
// The subset: a block mapping at the root; block mappings and sequences (including `- key: value`
// and a sequence at the same indent as its key); plain, single-quoted and (single-line) double-quoted
// scalars with the YAML 1.2 core schema's types; literal and folded block scalars (`|`, `|-`, `>`,
// `>-`, no indentation indicator); single-line flow collections; comments. Not in it (so declined):
// anchors, aliases, tags, directives, document markers, multi-line plain or quoted scalars, keys that
// are not strings, duplicate keys, tabs outside block scalars, CR line ends, and anything odd.

/** Nesting deeper than this is left to the full parser (which reports it past its own limit). */
const MAX_DEPTH = 32;
/** Longer implicit keys are left to the full parser (YAML's limit is 1024 characters up to the `:`). */
const MAX_KEY_SPAN = 1000;
/**
 * Documents with more values are left to the full parser, which rejects more than MAX_VALUES
 * (yaml-parse.ts, 100,000) even without aliases; this is well below, so it never has to count alike.
 */
const MAX_FAST_VALUES = 50_000;

class Decline {}
const DECLINE = new Decline();

function decline(): never {
  throw DECLINE;
}

// Characters that make `yaml` do something other than read text: control characters (the full path
// reports them), CR (line ends), BOM, and line/paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHAR = /[\u0000-\u0008\u000B-\u001F\u007F\u0085\u2028\u2029\uFEFF]/;

/** Values the current document may still hold (each mapping entry and sequence item spends one). */
let budget = 0;

function spend(): void {
  if (--budget < 0) decline();
}

/** The data of `source` as `yaml` would give it (`doc.toJS()`), or undefined outside the subset. */
export function fastParseYaml(source: string): Record<string, unknown> | undefined {
  if (UNSUPPORTED_CHAR.test(source)) return undefined;
  budget = MAX_FAST_VALUES;
  try {
    const reader = new Reader(source);
    const root = reader.document();
    return root;
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === undefined;
}

/** How a plain scalar reads under the core schema (null, booleans, integers, floats, else the string). */
export function resolvePlain(text: string): unknown {
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  const c = text.charCodeAt(0);
  // Only text starting with a digit, sign, dot, t/T/f/F can be anything but a string.
  if (c === 116 || c === 84 || c === 102 || c === 70) {
    if (text === 'true' || text === 'True' || text === 'TRUE') return true;
    if (text === 'false' || text === 'False' || text === 'FALSE') return false;
    return text;
  }
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return text;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(text)) {
    return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(text)) return parseFloat(text);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return parseFloat(text);
  return text;
}

const DOUBLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', v: '\v', a: '\x07', e: '\x1b' };

class Reader {
  private readonly lines: string[];
  /** Index of the line the cursor is on. */
  private i = 0;

  constructor(source: string) {
    this.lines = source.split('\n');
  }

  document(): Record<string, unknown> {
    const first = this.nextContent();
    if (first === -1) decline();
    const line = this.lines[first]!;
    if (line.startsWith('---') || line.startsWith('...') || line.startsWith('%')) decline();
    if (indentOf(line) !== 0 || isSeqItem(line, 0)) decline();
    const value = this.blockMap(0, first, 0, 1);
    if (this.nextContent() !== -1) decline();
    return value;
  }

  /** The next line that is neither blank nor a comment (moving the cursor there), or -1 at the end. */
  private nextContent(): number {
    while (this.i < this.lines.length) {
      const line = this.lines[this.i]!;
      let j = 0;
      while (line[j] === ' ') j++;
      if (j === line.length) {
        this.i++;
        continue;
      }
      if (line[j] === '\t') decline();
      if (line[j] === '#') {
        this.i++;
        continue;
      }
      if (j === 0 && (line.startsWith('---') || line.startsWith('...') || line[0] === '%')) decline();
      return this.i;
    }
    return -1;
  }

  /**
   * A block mapping whose keys sit at column `indent`. Its first entry starts at (`lineNo`, `col`)
   * (col > indent only for the first entry of `- key: value`).
   */
  private blockMap(indent: number, lineNo: number, col: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) decline();
    const map: Record<string, unknown> = {};
    let first = true;
    for (;;) {
      let start: number;
      if (first) {
        start = col;
        first = false;
      } else {
        const next = this.nextContent();
        if (next === -1) break;
        const line = this.lines[next]!;
        const ind = indentOf(line);
        if (ind < indent) break;
        if (ind > indent || isSeqItem(line, ind)) decline();
        lineNo = next;
        start = ind;
      }
      const line = this.lines[lineNo]!;
      if (line.includes('\t')) decline();
      const { key, end } = readKey(line, start);
      if (key === '<<' || key in map) decline(); // duplicates, and names of Object.prototype (`__proto__`, `constructor`)
      this.i = lineNo + 1;
      spend();
      map[key] = this.valueAfter(line, end, indent, lineNo, depth, true);
    }
    return map;
  }

  /** A block sequence whose `-` sit at column `indent`, starting on line `lineNo`. */
  private blockSeq(indent: number, lineNo: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) decline();
    const seq: unknown[] = [];
    let first = true;
    for (;;) {
      if (!first) {
        const next = this.nextContent();
        if (next === -1) break;
        const line = this.lines[next]!;
        const ind = indentOf(line);
        if (ind < indent) break;
        if (ind > indent) decline();
        if (!isSeqItem(line, ind)) break;
        lineNo = next;
      }
      first = false;
      const line = this.lines[lineNo]!;
      if (line.includes('\t')) decline();
      spend();
      let at = indent + 1;
      while (line[at] === ' ') at++;
      this.i = lineNo + 1;
      // (`-` is followed by a blank, so a `#` here is always a comment.)
      if (at >= line.length || line[at] === '#') {
        seq.push(this.nestedBlock(indent, depth, false));
        continue;
      }
      // `- key: value` opens a mapping whose keys sit at this column.
      if (looksLikeKey(line, at)) {
        this.i = lineNo;
        seq.push(this.blockMap(at, lineNo, at, depth + 1));
        continue;
      }
      seq.push(this.valueAfter(line, at, indent, lineNo, depth, false));
    }
    return seq;
  }

  /**
   * The value that starts at `line[from]` (after `key:` or `- `), or below it. `indent` is the column
   * of the collection holding it; the cursor is already on the next line.
   */
  private valueAfter(line: string, from: number, indent: number, lineNo: number, depth: number, inMap: boolean): unknown {
    // After `key:` comes a blank (readKey makes sure), so a `#` here is always a comment.
    let at = from;
    while (line[at] === ' ') at++;
    if (at >= line.length || line[at] === '#') return this.nestedBlock(indent, depth, inMap);
    const ch = line[at]!;
    let value: unknown;
    let end: number;
    if (ch === '|' || ch === '>') {
      return this.blockScalar(line, at, indent);
    } else if (ch === "'" || ch === '"') {
      ({ value, end } = readQuoted(line, at));
    } else if (ch === '[' || ch === '{') {
      ({ value, end } = readFlow(line, at, depth + 1));
    } else {
      if (!plainMayStart(line, at, false)) decline();
      ({ value, end } = readPlainBlock(line, at));
    }
    expectLineEnd(line, end);
    // A more-indented line after a one-line value is a continuation (or an error): not ours.
    const next = this.nextContent();
    if (next !== -1 && indentOf(this.lines[next]!) > indent) decline();
    return value;
  }

  /** The node on the lines below a `key:` or `-` with nothing after it. */
  private nestedBlock(indent: number, depth: number, inMap: boolean): unknown {
    const next = this.nextContent();
    if (next === -1) return null;
    const line = this.lines[next]!;
    const ind = indentOf(line);
    if (ind > indent) {
      if (isSeqItem(line, ind)) return this.blockSeq(ind, next, depth + 1);
      if (!looksLikeKey(line, ind)) decline();
      return this.blockMap(ind, next, ind, depth + 1);
    }
    // A mapping's value may be a sequence at the mapping's own indent.
    if (inMap && ind === indent && isSeqItem(line, ind)) return this.blockSeq(ind, next, depth + 1);
    return null;
  }

  /** `|`, `|-`, `>` or `>-` at line[at]; the content is the more-indented lines below. */
  private blockScalar(line: string, at: number, parentIndent: number): string {
    const folded = line[at] === '>';
    let p = at + 1;
    let chomp: 'clip' | 'strip' = 'clip';
    if (line[p] === '-') {
      chomp = 'strip';
      p++;
    } else if (line[p] === '+' || (line[p] ?? ' ') !== ' ') {
      decline(); // keep chomping, indentation indicators: left to the full parser
    }
    expectLineEnd(line, p);
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const text = this.lines[this.i]!;
      if (text.length === 0) {
        if (contentIndent === -1) decline(); // leading blank lines
        body.push('');
        this.i++;
        continue;
      }
      const ind = indentOf(text);
      if (ind === text.length) decline(); // a line of spaces only
      if (contentIndent === -1) {
        if (ind <= parentIndent) break;
        if (text[ind] === '\t') decline();
        contentIndent = ind;
      } else if (ind < contentIndent) {
        break;
      }
      body.push(text.slice(contentIndent));
      this.i++;
    }
    if (contentIndent === -1) decline(); // empty block scalar
    // Lines read past the content (blank ones) belong to the chomping, not to the text.
    let lastContent = body.length - 1;
    while (lastContent >= 0 && body[lastContent] === '') lastContent--;
    const trailingBreak = this.i < this.lines.length || body.length - 1 > lastContent;
    // The text's last line must end with a line break for clip chomping to keep one.
    if (!trailingBreak && chomp === 'clip') decline();
    const lines = body.slice(0, lastContent + 1);
    let text: string;
    if (folded) {
      text = '';
      for (let k = 0; k < lines.length; k++) {
        const l = lines[k]!;
        if (l.startsWith(' ') || l.startsWith('\t')) decline(); // more-indented lines keep their breaks: not ours
        if (k === 0) {
          text = l;
        } else if (l === '') {
          text += '\n';
        } else {
          text += lines[k - 1] === '' ? l : ' ' + l;
        }
      }
    } else {
      text = lines.join('\n');
    }
    return chomp === 'strip' ? text : text + '\n';
  }
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function isSeqItem(line: string, at: number): boolean {
  return line[at] === '-' && isBlank(line[at + 1]);
}

/** Whether a `key:` starts at line[at] (the line is a mapping entry rather than a scalar). */
function looksLikeKey(line: string, at: number): boolean {
  const ch = line[at];
  if (ch === "'" || ch === '"') {
    try {
      const { end } = readQuoted(line, at);
      return line[end] === ':';
    } catch (error) {
      if (error === DECLINE) return false;
      throw error;
    }
  }
  for (let k = at; k < line.length; k++) {
    const c = line[k];
    if (c === ':' && isBlank(line[k + 1])) return true;
    if (c === '#' && line[k - 1] === ' ') return false;
  }
  return false;
}

/** A mapping key at line[at] up to its `:`; returns the key and the column after the `:`. */
function readKey(line: string, at: number): { key: string; end: number } {
  const ch = line[at];
  if (ch === "'" || ch === '"') {
    const { value, end } = readQuoted(line, at);
    if (line[end] !== ':' || !isBlank(line[end + 1])) decline();
    if (end - at > MAX_KEY_SPAN) decline();
    return { key: value, end: end + 1 };
  }
  if (!plainMayStart(line, at, false)) decline();
  for (let k = at; k < line.length; k++) {
    const c = line[k];
    if (c === '#' && line[k - 1] === ' ') decline();
    if (c === ':' && isBlank(line[k + 1])) {
      // YAML limits an implicit key to 1024 characters up to its `:`, blanks included.
      if (k - at > MAX_KEY_SPAN) decline();
      // Only spaces end a plain scalar: other Unicode blanks (NBSP, U+3000) belong to the key.
      let e = k;
      while (e > at && line.charCodeAt(e - 1) === 32) e--;
      const raw = line.slice(at, e);
      if (raw.length === 0) decline();
      // A key must read as a string: `1:`, `true:`, `null:` are other types.
      if (resolvePlain(raw) !== raw) decline();
      return { key: raw, end: k + 1 };
    }
  }
  return decline();
}

/** Whether a plain scalar may start at line[at] (YAML's indicators may not, except `-?:` before text). */
function plainMayStart(line: string, at: number, flow: boolean): boolean {
  const ch = line[at]!;
  if ('-?:'.includes(ch)) {
    const next = line[at + 1];
    return !isBlank(next) && !(flow && next !== undefined && ',[]{}'.includes(next));
  }
  return !',[]{}#&*!|>\'"%@`'.includes(ch);
}

/** A one-line plain scalar in block context: up to ` #` or the end of the line. */
function readPlainBlock(line: string, at: number): { value: unknown; end: number } {
  let k = at;
  let end = at;
  for (; k < line.length; k++) {
    const c = line[k];
    if (c === '#' && line[k - 1] === ' ') break;
    if (c === ':' && isBlank(line[k + 1])) decline(); // a nested mapping on one line: an error in YAML
    if (c !== ' ') end = k + 1;
  }
  return { value: resolvePlain(line.slice(at, end)), end };
}

/** A quoted scalar that closes on the same line. */
function readQuoted(line: string, at: number): { value: string; end: number } {
  const quote = line[at];
  let out = '';
  let k = at + 1;
  if (quote === "'") {
    for (;;) {
      const close = line.indexOf("'", k);
      if (close === -1) decline();
      out += line.slice(k, close);
      if (line[close + 1] === "'") {
        out += "'";
        k = close + 2;
        continue;
      }
      return { value: out, end: close + 1 };
    }
  }
  for (; k < line.length; k++) {
    const c = line[k]!;
    if (c === '"') return { value: out, end: k + 1 };
    if (c === '\\') {
      const e = DOUBLE_ESCAPES[line[k + 1] ?? ''];
      if (e === undefined) decline();
      out += e;
      k++;
    } else {
      out += c;
    }
  }
  return decline();
}

/** After a value: only blanks, then a comment or the end of the line. */
function expectLineEnd(line: string, end: number): void {
  let k = end;
  while (line[k] === ' ') k++;
  if (k === line.length) return;
  if (line[k] === '#' && k > end) return;
  decline();
}

/** A flow collection that closes on the same line. */
function readFlow(line: string, at: number, depth: number): { value: unknown; end: number } {
  if (depth > MAX_DEPTH) decline();
  const open = line[at];
  const close = open === '[' ? ']' : '}';
  const seq: unknown[] = [];
  const map: Record<string, unknown> = {};
  let k = at + 1;
  const skip = () => {
    while (line[k] === ' ') k++;
  };
  skip();
  if (line[k] === close) return { value: open === '[' ? seq : map, end: k + 1 };
  for (;;) {
    skip();
    if (k >= line.length || line[k] === '#') decline(); // continues on the next line
    if (open === '{') {
      let key: string;
      const ch = line[k]!;
      if (ch === "'" || ch === '"') {
        const q = readQuoted(line, k);
        if (q.end - k > MAX_KEY_SPAN) decline();
        key = q.value;
        k = q.end;
      } else {
        if (!plainMayStart(line, k, true)) decline();
        const p = readPlainFlow(line, k);
        if (typeof p.value !== 'string' || p.value !== p.raw || p.end - k > MAX_KEY_SPAN) decline();
        key = p.value;
        k = p.end;
      }
      skip();
      if (line[k] !== ':' || line[k + 1] !== ' ') decline();
      k += 2;
      skip();
      if (key === '<<' || key in map) decline(); // duplicates, and names of Object.prototype (`__proto__`, `constructor`)
      spend();
      const v = readFlowValue(line, k, depth);
      map[key] = v.value;
      k = v.end;
    } else {
      spend();
      const v = readFlowValue(line, k, depth);
      seq.push(v.value);
      k = v.end;
    }
    skip();
    if (line[k] === close) return { value: open === '[' ? seq : map, end: k + 1 };
    if (line[k] !== ',') decline();
    k++;
    skip();
    // `[a, b, ]`: a trailing comma is fine in YAML, but keep to the plain shape.
    if (line[k] === close) decline();
  }
}

function readFlowValue(line: string, k: number, depth: number): { value: unknown; end: number } {
  const ch = line[k];
  if (ch === undefined) decline();
  if (ch === "'" || ch === '"') return readQuoted(line, k);
  if (ch === '[' || ch === '{') return readFlow(line, k, depth + 1);
  if (ch === ',' || ch === ']' || ch === '}') decline(); // an empty value
  if (!plainMayStart(line, k, true)) decline();
  const p = readPlainFlow(line, k);
  return { value: p.value, end: p.end };
}

/** A plain scalar inside a flow collection: up to `,`, `]`, `}`, `: ` or ` #`. */
function readPlainFlow(line: string, at: number): { value: unknown; raw: string; end: number } {
  let k = at;
  let end = at;
  for (; k < line.length; k++) {
    const c = line[k]!;
    if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
    if (c === '#' && line[k - 1] === ' ') break;
    if (c === ':') {
      const n = line[k + 1];
      if (n === undefined || n === ' ' || n === ',' || n === ']' || n === '}' || n === '[' || n === '{') break;
    }
    if (c !== ' ') end = k + 1;
  }
  const raw = line.slice(at, end);
  return { value: resolvePlain(raw), raw, end };
}
