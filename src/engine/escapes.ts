// The terminal escape sequences a sanitised line loses: one grammar for the UI's sanitiser and the secret redactor.

/**
 * CSI (ESC [ … final), OSC (ESC ] … BEL/ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), their 8-bit forms,
 * and other ESC pairs. None crosses a newline: output is sanitised line by line.
 */
export const ESCAPE_SEQUENCE_SOURCE =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|\u009d[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c\n]*(?:\u001b\\|\u009c)?|[\u0090\u0098\u009e\u009f][^\u001b\u009c\n]*(?:\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/.source;

/**
 * A value's line breaks shown instead of acted on, for a value drawn inside one line (a name, a reason, a field
 * read back from a journal or a lock file): newline as `␤` (U+2424), U+2028/U+2029 as `\u2028`/`\u2029`. One
 * rule for the UI's one-line sanitisers and the engine's messages, which cannot use them.
 */
export function showLineBreaks(text: string): string {
  return text.replace(/[\n\u2028\u2029]/g, (c) => (c === '\n' ? '\u2424' : `\\u${c.charCodeAt(0).toString(16)}`));
}

/**
 * A sequence that is finished: more text after it cannot change where it ends. (`ESC [ 3` is not: the
 * sanitiser would read `ESC [ 3 1 m` as one sequence once `1m` arrives.)
 */
// eslint-disable-next-line no-control-regex
const COMPLETE = /^(?:\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)|(?:\u001b[PX^_]|[\u0090\u0098\u009e\u009f])[^\u001b\u009c\n]*(?:\u001b\\|\u009c)|\u001b[ -/]*[0-OQ-WYZ\\`-~])/;

/** The last character that starts an escape sequence in the last line, and what follows it. */
// eslint-disable-next-line no-control-regex
const LAST_INTRODUCER = /[\u001b\u0090\u0098\u009b\u009d\u009e\u009f][^\u001b\u0090\u0098\u009b\u009d\u009e\u009f\n]*$/;

/**
 * Where an escape sequence that may still be incomplete starts in the last line of `text` (only the
 * last `within` characters are looked at), or -1. A stream holds such a tail back until more arrives.
 */
export function unfinishedSequenceAt(text: string, within: number): number {
  const tail = text.length > within ? text.slice(text.length - within) : text;
  const last = LAST_INTRODUCER.exec(tail);
  if (!last || COMPLETE.test(last[0])) return -1;
  return text.length - tail.length + last.index;
}
