// What a terminal shows at the end of a run of the live view written to a pipe: a frame Ink erased (`ESC[2K` clears
// the line, `ESC[1A` goes up one) is gone, every other escape sequence (colours, the cursor shown or hidden) dropped.

/** The screen the view left, line by line. */
export function leftOnScreen(stdout: string): string {
  const lines: string[] = [];
  let line = '';
  // eslint-disable-next-line no-control-regex
  for (const part of stdout.split(/(\x1b\[[0-9;?]*[A-Za-z]|\n)/)) {
    if (part === '\n') {
      lines.push(line);
      line = '';
    } else if (part === '\x1b[2K') line = '';
    else if (part === '\x1b[1A') line = lines.pop() ?? '';
    else if (!part.startsWith('\x1b[')) line += part;
  }
  return [...lines, line].join('\n');
}
