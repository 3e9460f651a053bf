// The one shell lexer: quotes, simple commands (through pipes, lists, subshells, `$(...)`, backticks), redirects, heredocs, wrappers.

export type QuoteState = 'none' | 'single' | 'double';

/**
 * For each character of `cmd`, the quote it sits in (the quote characters themselves count as inside).
 * `$(...)` inside double quotes starts a fresh unquoted context, as the shell (and the template checker) see it.
 */
export function quoteMap(cmd: string): QuoteState[] {
  const map: QuoteState[] = new Array<QuoteState>(cmd.length).fill('none');
  const stack: ('single' | 'double' | 'subst')[] = [];
  const parens: number[] = [];
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    const top = stack[stack.length - 1];
    if (top === 'single') {
      map[i] = 'single';
      if (c === "'") stack.pop();
      continue;
    }
    if (top === 'double') {
      map[i] = 'double';
      if (c === '\\') {
        map[i + 1] = 'double';
        i++;
      } else if (c === '"') stack.pop();
      else if (c === '$' && cmd[i + 1] === '(') {
        map[i + 1] = 'double';
        stack.push('subst');
        parens.push(0);
        i++;
      }
      continue;
    }
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      map[i] = 'single';
      stack.push('single');
    } else if (c === '"') {
      map[i] = 'double';
      stack.push('double');
    } else if (top === 'subst' && c === '(') {
      parens[parens.length - 1]! += 1;
    } else if (top === 'subst' && c === ')') {
      const depth = parens[parens.length - 1]!;
      if (depth === 0) {
        stack.pop();
        parens.pop();
        if (stack[stack.length - 1] === 'double') map[i] = 'double';
      } else parens[parens.length - 1] = depth - 1;
    } else if (c === '$' && cmd[i + 1] === '(') {
      stack.push('subst');
      parens.push(0);
      i++;
    }
  }
  return map;
}

/** True when the line leaves a quote open (the command goes on on the next line). */
export function hasOpenQuote(cmd: string): boolean {
  let state: QuoteState = 'none';
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'double') {
      if (c === '\\') i++;
      else if (c === '"') state = 'none';
    } else if (c === '\\') i++;
    else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (c === '#' && (i === 0 || /\s/.test(cmd[i - 1] ?? ''))) return false;
  }
  return state !== 'none';
}

export interface Word {
  /** The word with quotes removed. */
  value: string;
  start: number;
  end: number;
}

export interface Redirect {
  /** `>`, `>>`, `>|`, `>&`, `&>`, `&>>`, `<`, `<<`, `<<-`, `<<<`, `<&`, `<>` (a file descriptor before it is dropped). */
  op: string;
  /** The target with quotes removed (a file, `&1`-style descriptor digits, a heredoc delimiter). */
  target: string;
  start: number;
  end: number;
}

/** One simple command: its words (redirects taken out), redirects, heredoc bodies, and where it sits in the text. */
export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
  /** Bodies of `<<EOF` heredocs fed to this command (data, not commands). */
  heredocs: string[];
  /** Offsets of the command in the text (first to last token); -1 when unknown. */
  start: number;
  end: number;
  /** 0 at top level; 1 and more inside `$(...)`, backticks or `<(...)`. */
  depth: number;
}

export interface ParsedShell {
  /** Every simple command, those inside substitutions included (before the command that holds them). */
  commands: SimpleCommand[];
  /** Names of the shell functions the text defines (`name() {`, `function name`). */
  functions: Set<string>;
}

/** Parses shell text into its simple commands. A heuristic lexer, not a full shell grammar: it never throws. */
export function parseShell(cmd: string): ParsedShell {
  const parsed: ParsedShell = { commands: [], functions: new Set() };
  scan(cmd, 0, cmd.length, 0, parsed);
  return parsed;
}

/** The top-level simple commands of a command line (split on `|`, `&&`, `||`, `;`, `&`, newlines outside quotes), as words. */
export function simpleCommands(cmd: string): Word[][] {
  return parseShell(cmd)
    .commands.filter((c) => c.depth === 0)
    .map((c) => c.words);
}

/** Index of the `)` closing the `(` at `open` (quotes and nesting respected), or `to` when it is not closed. */
function findClose(src: string, open: number, to: number): number {
  let depth = 0;
  let state: QuoteState = 'none';
  for (let i = open; i < to; i++) {
    const c = src[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'double') {
      if (c === '\\') i++;
      else if (c === '"') state = 'none';
    } else if (c === '\\') i++;
    else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return to;
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

function scan(src: string, from: number, to: number, depth: number, parsed: ParsedShell): void {
  const fresh = (): SimpleCommand => ({ words: [], redirects: [], heredocs: [], start: -1, end: -1, depth });
  let cur = fresh();
  let value = '';
  let start = -1;
  let state: 'none' | 'single' | 'double' = 'none';
  let redirect: { op: string; start: number } | undefined;
  let heredocs: { delim: string; strip: boolean; owner: SimpleCommand }[] = [];
  let inTest = false;
  let expectPattern = false;

  const touch = (s: number, e: number): void => {
    if (cur.start < 0) cur.start = s;
    cur.end = Math.max(cur.end, e);
  };
  const flushWord = (end: number): void => {
    if (start < 0) return;
    const word: Word = { value, start, end };
    value = '';
    start = -1;
    touch(word.start, end);
    if (redirect) {
      const op = redirect.op;
      cur.redirects.push({ op, target: word.value, start: redirect.start, end });
      if (op === '<<' || op === '<<-') heredocs.push({ delim: word.value, strip: op === '<<-', owner: cur });
      redirect = undefined;
      return;
    }
    cur.words.push(word);
    const first = cur.words[0]!.value;
    if (word.value === '[[' && cur.words.slice(0, -1).every((w) => TEST_LEADS.has(w.value))) inTest = true;
    else if (inTest && word.value === ']]') inTest = false;
    if (first === 'function' && cur.words.length === 2) {
      parsed.functions.add(word.value);
      cur.words = [];
    } else if (first === 'case' && cur.words.length >= 3 && word.value === 'in') {
      flushCommand();
      expectPattern = true;
    }
  };
  const flushCommand = (): void => {
    if (redirect) {
      cur.redirects.push({ op: redirect.op, target: '', start: redirect.start, end: redirect.start + redirect.op.length });
      redirect = undefined;
    }
    if (cur.words.length > 0 || cur.redirects.length > 0) parsed.commands.push(cur);
    cur = fresh();
    inTest = false;
  };
  const readHeredocs = (pos: number): number => {
    for (const h of heredocs) {
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
    heredocs = [];
    return pos;
  };
  /** `$(...)` (or `<(...)`) at `i`: its commands are scanned one level deeper; the text stays in the word. */
  const substitution = (i: number, open: number): number => {
    const close = findClose(src, open, to);
    // `$((...))` is arithmetic; past MAX_DEPTH levels the text is only a word (no stack overflow on hostile input).
    if ((src[open + 1] !== '(' || src[i] !== '$') && depth < MAX_DEPTH) scan(src, open + 1, close, depth + 1, parsed);
    value += src.slice(i, Math.min(close + 1, to));
    return close;
  };
  const backtick = (i: number): number => {
    const close = findBacktick(src, i, to);
    if (depth < MAX_DEPTH) scan(src, i + 1, close, depth + 1, parsed);
    value += src.slice(i, Math.min(close + 1, to));
    return close;
  };

  for (let i = from; i < to; i++) {
    const c = src[i]!;
    if (state === 'single') {
      if (c === "'") state = 'none';
      else value += c;
      continue;
    }
    if (state === 'double') {
      if (c === '\\' && i + 1 < to) {
        const next = src[i + 1]!;
        if ('$`"\\\n'.includes(next)) {
          if (next !== '\n') value += next;
          i++;
        } else value += c;
      } else if (c === '"') state = 'none';
      else if (c === '$' && src[i + 1] === '(') i = substitution(i, i + 1);
      else if (c === '`') i = backtick(i);
      else value += c;
      continue;
    }
    if (expectPattern && start < 0 && cur.words.length === 0 && !/\s/.test(c)) {
      expectPattern = false;
      const length = casePattern(src, i, to);
      if (length !== undefined) {
        i += length - 1;
        continue;
      }
    }
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i++; // a line continuation
        continue;
      }
      if (start < 0) start = i;
      if (i + 1 < to) value += src[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      if (start < 0) start = i;
      state = c === "'" ? 'single' : 'double';
      continue;
    }
    if (c === '$' && src[i + 1] === "'") {
      if (start < 0) start = i;
      state = 'single'; // `$'...'`: close enough
      i++;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      if (start < 0) start = i;
      i = substitution(i, i + 1);
      continue;
    }
    if (c === '`') {
      if (start < 0) start = i;
      i = backtick(i);
      continue;
    }
    if (c === '#' && start < 0) {
      while (i + 1 < to && src[i + 1] !== '\n') i++; // a comment runs to the end of the line
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flushWord(i);
      continue;
    }
    if (c === '\n') {
      flushWord(i);
      flushCommand();
      if (heredocs.length > 0) i = readHeredocs(i + 1) - 1;
      continue;
    }
    if (inTest && c !== ';') {
      // Inside `[[ ... ]]`, `&&`, `<`, `(` are operators of the test, not of the shell.
      if (start < 0) start = i;
      value += c;
      continue;
    }
    if (c === ';') {
      flushWord(i);
      flushCommand();
      if (src[i + 1] === ';' || src[i + 1] === '&') {
        i++;
        if (src[i + 1] === '&') i++;
        expectPattern = true;
      }
      continue;
    }
    if (c === '|') {
      flushWord(i);
      flushCommand();
      if (src[i + 1] === '|' || src[i + 1] === '&') i++;
      continue;
    }
    if (c === '&' && src[i + 1] !== '>') {
      flushWord(i);
      flushCommand();
      if (src[i + 1] === '&') i++;
      continue;
    }
    if ((c === '<' || c === '>') && src[i + 1] === '(') {
      if (start < 0) start = i;
      i = substitution(i, i + 1);
      continue;
    }
    if (c === '<' || c === '>' || c === '&') {
      let opStart = i;
      if (start >= 0 && /^\d+$/.test(value) && c !== '&') {
        opStart = start; // `2>`: the descriptor belongs to the operator
        value = '';
        start = -1;
      } else flushWord(i);
      const op = /^(&>>|&>|>>|>\||>&|>|<<<|<<-|<<|<&|<>|<)/.exec(src.slice(i, Math.min(to, i + 3)))![1]!;
      i += op.length - 1;
      redirect = { op, start: opStart };
      touch(opStart, i + 1);
      continue;
    }
    if (c === '(') {
      const empty = /^\(\s*\)/.exec(src.slice(i, Math.min(to, i + 64)));
      if (empty && (cur.words.length + (start >= 0 ? 1 : 0) <= 1)) {
        // `name() {`: a function definition
        flushWord(i);
        const name = cur.words.pop();
        if (name) parsed.functions.add(name.value);
        i += empty[0].length - 1;
        continue;
      }
      if (start < 0 && cur.words.length === 0 && src[i + 1] === '(') {
        i = findClose(src, i, to); // `(( n++ ))`: arithmetic
        continue;
      }
      if (start >= 0) {
        value += c; // `arr=(...)`, odd but harmless
        continue;
      }
      flushCommand(); // a subshell
      continue;
    }
    if (c === ')') {
      flushWord(i);
      flushCommand();
      continue;
    }
    if (start < 0) start = i;
    value += c;
  }
  flushWord(to);
  flushCommand();
}

/** Wrappers whose real command follows, with the options of theirs that take a value. */
const WRAPPERS: Record<string, { values: RegExp; positional?: number }> = {
  sudo: { values: /^-[ugCDhprTU]$|^--(user|group|chdir|prompt|role|type|host|close-from|other-user)$/ },
  doas: { values: /^-[uC]$/ },
  env: { values: /^-[uCS]$|^--(unset|chdir|split-string)$/ },
  nice: { values: /^-n$|^--adjustment$/ },
  ionice: { values: /^-[cnp]$|^--(class|classdata|pid)$/ },
  timeout: { values: /^-[sk]$|^--(signal|kill-after)$/, positional: 1 },
  stdbuf: { values: /^-[ioe]$/ },
  xargs: { values: /^-[IELnPdsa]$|^--(replace|eof|max-lines|max-args|max-procs|delimiter|max-chars|arg-file|process-slot-var)$/ },
  flock: { values: /^-[wEc]$|^--(timeout|conflict-exit-code|command)$/, positional: 1 },
  time: { values: /^-[fo]$|^--(format|output)$/ },
  nohup: { values: /^$/ },
  exec: { values: /^-a$/ },
  command: { values: /^$/ },
  builtin: { values: /^$/ },
  setsid: { values: /^$/ },
  unbuffer: { values: /^$/ },
};

/**
 * The command a wrapper runs: `sudo`, `env X=y`, `nice`, `timeout 30`, `xargs -I{}`, `time`, `nohup`, `flock f`,
 * assignments before a command, and `docker [compose] exec svc`, `kubectl exec ... --`. `command -v x` stays as is
 * (`watch` hands its arguments to a shell: the classifier parses them again).
 */
export function unwrap(words: readonly Word[]): Word[] {
  let rest = [...words];
  for (;;) {
    const first = rest[0]?.value;
    if (first === undefined) return rest;
    const wrapper = Object.hasOwn(WRAPPERS, first) ? WRAPPERS[first] : undefined;
    if (/^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(first)) rest = rest.slice(1);
    else if (wrapper) {
      if (first === 'command' && /^-[vV]$/.test(rest[1]?.value ?? '')) return rest;
      rest = rest.slice(1);
      while (rest[0]?.value.startsWith('-') && rest[0].value.length > 1) {
        const flag = rest[0].value;
        rest = rest.slice(1);
        if (flag === '--') break;
        if (wrapper.values.test(flag)) rest = rest.slice(1);
      }
      if (first === 'env') while (rest[0] && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0].value)) rest = rest.slice(1);
      rest = rest.slice(wrapper.positional ?? 0);
    } else {
      const inner = innerOfExec(rest);
      if (inner) rest = inner;
      else return rest;
    }
  }
}

/** `docker compose exec [opts] svc cmd...`, `docker exec [opts] ctr cmd...`, `kubectl exec ... -- cmd`. */
function innerOfExec(words: Word[]): Word[] | undefined {
  const v = words.map((w) => w.value);
  let i: number;
  if (v[0] === 'docker' && v[1] === 'compose' && (v[2] === 'exec' || v[2] === 'run')) i = 3;
  else if (v[0] === 'docker-compose' && (v[1] === 'exec' || v[1] === 'run')) i = 2;
  else if (v[0] === 'docker' && v[1] === 'exec') i = 2;
  else if (v[0] === 'kubectl' && v[1] === 'exec') {
    const dashes = v.indexOf('--');
    return dashes > 0 && dashes + 1 < v.length ? words.slice(dashes + 1) : undefined;
  } else return undefined;
  while (i < v.length && v[i]!.startsWith('-')) {
    const flag = v[i]!;
    i++;
    if (/^-(u|w|e)$|^--(user|workdir|env|index|name|entrypoint)$/.test(flag)) i++;
  }
  i++; // the service or container
  return i < v.length ? words.slice(i) : undefined;
}
