// Line editing for prompts typed in raw mode, one key at a time however the keys arrive: a burst from a laggy
// SSH session (`FLUSHALLXX` and two backspaces in one read) edits exactly as the same keys typed one by one.

/** The text being typed and the cursor, in code points from the start. */
export interface Line {
  text: string;
  cursor: number;
}

export type LineKey =
  | { kind: 'insert'; text: string }
  | { kind: 'backspace' | 'left' | 'right' | 'home' | 'end' | 'clearToStart' | 'clearToEnd' | 'deleteWord' | 'deleteForward' }
  | { kind: 'submit' | 'cancel' | 'interrupt' | 'up' | 'down' | 'ignore' };

/** What Ink's `useInput` says of a read (the fields used here). */
export interface InkKeyFlags {
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  home?: boolean;
  end?: boolean;
  tab?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
}

export const EMPTY_LINE: Line = { text: '', cursor: 0 };

const CTRL_KEYS: Record<string, LineKey> = {
  c: { kind: 'interrupt' },
  u: { kind: 'clearToStart' },
  k: { kind: 'clearToEnd' },
  w: { kind: 'deleteWord' },
  a: { kind: 'home' },
  e: { kind: 'end' },
  b: { kind: 'left' },
  f: { kind: 'right' },
  h: { kind: 'backspace' },
  d: { kind: 'deleteForward' },
};

/** Control characters inside a burst of typed text, as the keys they are. */
const CONTROL_CHARS: Record<string, LineKey> = {
  '\r': { kind: 'submit' },
  '\n': { kind: 'submit' },
  '\x7f': { kind: 'backspace' },
  '\b': { kind: 'backspace' },
  '\x03': { kind: 'interrupt' },
  '\x15': { kind: 'clearToStart' },
  '\x0b': { kind: 'clearToEnd' },
  '\x17': { kind: 'deleteWord' },
  '\x01': { kind: 'home' },
  '\x05': { kind: 'end' },
  '\x1b': { kind: 'cancel' },
};

/** Splits a read of several characters into the keys it holds, in order. */
export function splitBurst(raw: string): LineKey[] {
  const keys: LineKey[] = [];
  let text = '';
  const flush = (): void => {
    if (text) keys.push({ kind: 'insert', text });
    text = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const control = CONTROL_CHARS[ch];
    if (control) {
      flush();
      // CR LF from a paste is one Enter.
      if (ch === '\r' && raw[i + 1] === '\n') i++;
      keys.push(control);
    } else if (/[\p{Cc}\p{Cf}]/u.test(ch)) {
      // Other control and format characters (tab, bidi overrides) never reach the text.
      continue;
    } else {
      text += ch;
    }
  }
  flush();
  return keys;
}

/** The keys of one `useInput` call: a named key, or every character of a burst. */
export function keysOf(input: string, key: InkKeyFlags): LineKey[] {
  if (key.return) return [{ kind: 'submit' }];
  if (key.escape) return [{ kind: 'cancel' }];
  if (key.ctrl) return [CTRL_KEYS[input] ?? { kind: 'ignore' }];
  // Ink calls the 0x7f byte that the Backspace key sends on nearly every terminal "delete".
  if (key.backspace || key.delete) return [{ kind: 'backspace' }];
  if (key.leftArrow) return [{ kind: 'left' }];
  if (key.rightArrow) return [{ kind: 'right' }];
  if (key.home) return [{ kind: 'home' }];
  if (key.end) return [{ kind: 'end' }];
  if (key.upArrow) return [{ kind: 'up' }];
  if (key.downArrow) return [{ kind: 'down' }];
  if (key.tab || key.meta || key.pageUp || key.pageDown) return [{ kind: 'ignore' }];
  return splitBurst(input);
}

/** One editing key applied to a line (submit, cancel and the like leave it as it is). */
export function editLine(line: Line, key: LineKey, maxLength = 200): Line {
  const chars = Array.from(line.text);
  const at = Math.min(Math.max(0, line.cursor), chars.length);
  const make = (before: string[], after: string[]): Line => ({ text: [...before, ...after].join(''), cursor: before.length });
  switch (key.kind) {
    case 'insert': {
      const room = Math.max(0, maxLength - chars.length);
      return make([...chars.slice(0, at), ...Array.from(key.text).slice(0, room)], chars.slice(at));
    }
    case 'backspace':
      return at === 0 ? line : make(chars.slice(0, at - 1), chars.slice(at));
    case 'deleteForward':
      return make(chars.slice(0, at), chars.slice(at + 1));
    case 'left':
      return { text: line.text, cursor: Math.max(0, at - 1) };
    case 'right':
      return { text: line.text, cursor: Math.min(chars.length, at + 1) };
    case 'home':
      return { text: line.text, cursor: 0 };
    case 'end':
      return { text: line.text, cursor: chars.length };
    case 'clearToStart':
      return make([], chars.slice(at));
    case 'clearToEnd':
      return make(chars.slice(0, at), []);
    case 'deleteWord': {
      let start = at;
      while (start > 0 && /\s/u.test(chars[start - 1]!)) start--;
      while (start > 0 && !/\s/u.test(chars[start - 1]!)) start--;
      return make(chars.slice(0, start), chars.slice(at));
    }
    default:
      return line;
  }
}
