// Neutralises text before display: child output loses its escape sequences, playbook text shows its control characters.
import { ESCAPE_SEQUENCE_SOURCE, showLineBreaks } from '../engine/escapes.js';

const ESCAPES = new RegExp(ESCAPE_SEQUENCE_SOURCE, 'g');
// Remaining C0/C1 controls (tab and newline handled separately), DEL, and bidi overrides that reorder text.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// Anything the slow path would touch: escapes, C0/C1 controls (tab and CR included), DEL, bidi overrides.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Makes one line of child output safe to print: escape sequences removed, a carriage return keeps
 * only what a terminal would finally show (progress bars), tabs become spaces, other controls `�`.
 */
export function sanitizeLine(line: string): string {
  // Fast path: most output lines have nothing to neutralise.
  if (!NEEDS_WORK.test(line)) return line;
  // `progress 10%\rprogress 20%` ends showing the last segment; a trailing \r (CRLF) changes nothing.
  const text = lastSegment(line.replace(ESCAPES, ''));
  return text.replace(/\t/g, '    ').replace(CONTROLS, '\ufffd');
}

/**
 * Sanitises multi-line text, keeping the line breaks: the same as sanitizeLine on every line, in a few
 * passes over the whole text (sequences never cross a newline; carriage returns are resolved per line).
 */
export function sanitizeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = text.replace(ESCAPES, '');
  if (out.includes('\r')) out = out.split('\n').map(lastSegment).join('\n');
  return out.replace(/\t/g, '    ').replace(CONTROLS, '\ufffd');
}

/** What a terminal finally shows of a line with carriage returns: its last non-empty segment. */
function lastSegment(line: string): string {
  if (!line.includes('\r')) return line;
  const segments = line.split('\r').filter((s) => s !== '');
  return segments.length > 0 ? segments[segments.length - 1]! : '';
}

/** True when `text` holds something sanitizeLine would change: the caller may print it as it is. */
export function needsSanitizing(text: string): boolean {
  return NEEDS_WORK.test(text);
}

/** C0 controls but tab and newline, and DEL: each looked for with indexOf (a vectorised search). */
const ASCII_CONTROLS = [...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\t' && c !== '\n'), '\u007f'];

/**
 * True when `text` is printable ASCII, tabs and newlines only — nothing to neutralise, and its Latin-1
 * bytes are its UTF-8 bytes. Much faster on large output than a regular expression: V8 looks for a
 * single character, and measures UTF-8 length, with vector instructions, but tests a class character by character.
 */
export function isPlainAscii(text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') !== text.length) return false;
  for (const control of ASCII_CONTROLS) if (text.includes(control)) return false;
  return true;
}

// C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const SHOWN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value shown inside one line — `name=value` in a header, a notification's field, a listing: its control
 * characters shown as showControls does, and its line breaks too (`␤`), so that a value cannot start a line
 * of its own that reads like the tool's (a parameter templated from an alert's label, say).
 */
export function showOnOneLine(text: string): string {
  return showLineBreaks(showControls(text));
}

/**
 * Text a step or a journal gave (a reason holding an output line, a host, a name read back from a journal) shown
 * inside one line: sanitizeLine (escape sequences dropped, a carriage return resolved within the value), then its
 * line breaks shown — newline as `␤`, U+2028/U+2029 as `\u2028` — so it cannot start a line that reads like the tool's.
 */
export function outputOnOneLine(text: string): string {
  return showLineBreaks(sanitizeLine(text));
}

/**
 * Playbook text (titles, names, commands, messages, parameter values) for a human: every control
 * character is shown instead of acted on, so `echo ok \e[8m; curl … | sh` cannot hide its second half.
 * C0 controls and DEL become their Control Pictures (`␛`, `␇`, `␍`, `␡`), the others `\x9b` / `\u202e`.
 * Tabs and newlines stay.
 */
export function showControls(text: string): string {
  return text.replace(SHOWN, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return code <= 0xff ? `\\x${code.toString(16)}` : `\\u${code.toString(16)}`;
  });
}
