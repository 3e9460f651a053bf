// A small shell lexer: where quotes start and end, simple commands of a line, and quote-aware rewriting.

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

/** Splits a command into simple commands (on `|`, `&&`, `||`, `;`, newlines outside quotes), each as words. */
export function simpleCommands(cmd: string): Word[][] {
  const result: Word[][] = [];
  let words: Word[] = [];
  let current = '';
  let start = -1;
  let state: QuoteState = 'none';
  let parens = 0;
  const flushWord = (end: number): void => {
    if (start >= 0) words.push({ value: current, start, end });
    current = '';
    start = -1;
  };
  const flushCommand = (): void => {
    if (words.length > 0) result.push(words);
    words = [];
  };
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (state === 'single') {
      if (c === "'") state = 'none';
      else current += c;
      continue;
    }
    if (state === 'double') {
      if (c === '\\' && i + 1 < cmd.length) current += cmd[++i];
      else if (c === '"') state = 'none';
      else current += c;
      continue;
    }
    if (parens > 0) {
      // Inside $(...): part of the current word.
      if (c === '(') parens++;
      if (c === ')') parens--;
      current += c;
      continue;
    }
    if (c === '#' && start < 0) break; // a comment runs to the end
    if (/\s/.test(c) && c !== '\n') {
      flushWord(i);
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || (c === '&' && cmd[i + 1] === '&')) {
      flushWord(i);
      flushCommand();
      if ((c === '|' && cmd[i + 1] === '|') || (c === '&' && cmd[i + 1] === '&')) i++;
      continue;
    }
    if (start < 0) start = i;
    if (c === '\\' && i + 1 < cmd.length) {
      current += cmd[++i];
    } else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (c === '$' && cmd[i + 1] === '(') {
      parens = 1;
      current += '$(';
      i++;
    } else current += c;
  }
  flushWord(cmd.length);
  flushCommand();
  return result;
}

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

/** Wrappers whose real command follows: `sudo`, `env X=y`, `time`, `nohup`, `docker compose exec svc`. */
export function unwrap(words: readonly Word[]): Word[] {
  let rest = [...words];
  for (;;) {
    const first = rest[0]?.value;
    if (first === undefined) return rest;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first)) rest = rest.slice(1);
    else if (first === 'sudo' || first === 'time' || first === 'nohup' || first === 'exec' || first === 'command') {
      rest = rest.slice(1);
      while (rest[0]?.value.startsWith('-')) {
        const flag = rest[0].value;
        rest = rest.slice(1);
        if (first === 'sudo' && /^-[ugCDhprTU]$/.test(flag)) rest = rest.slice(1);
      }
    } else if (first === 'env') rest = rest.slice(1);
    else {
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
    if (/^-(u|w|e)$|^--(user|workdir|env)$/.test(flag)) i++;
  }
  i++; // the service or container
  return i < v.length ? words.slice(i) : undefined;
}
