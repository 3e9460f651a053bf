// Where quotes open and close in shell text: the quote each character sits in, and whether a line leaves one open.

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

/**
 * Walks `src` from `from` to `to` as the shell reads quotes (backslash escapes outside single quotes) and calls
 * `plain(i)` for each character outside quotes that is neither a quote nor an escape; stops where it returns true.
 * Returns where it stopped (`to` when it did not) and the quote state there.
 */
export function walkQuotes(src: string, from: number, to: number, plain: (i: number) => boolean): { at: number; state: QuoteState } {
  let state: QuoteState = 'none';
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'double') {
      if (c === '\\') i++;
      else if (c === '"') state = 'none';
    } else if (c === '\\') i++;
    else if (c === "'") state = 'single';
    else if (c === '"') state = 'double';
    else if (plain(i)) return { at: i, state };
  }
  return { at: to, state };
}

/** True when the line leaves a quote open (the command goes on on the next line); a comment ends the line. */
export function hasOpenQuote(cmd: string): boolean {
  const comment = (i: number): boolean => cmd[i] === '#' && (i === 0 || /\s/.test(cmd[i - 1] ?? ''));
  const { at, state } = walkQuotes(cmd, 0, cmd.length, comment);
  return at === cmd.length && state !== 'none';
}
