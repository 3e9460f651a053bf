// Neutralises child-process output before display: no escape sequence or control character may repaint the UI.

// CSI (ESC [ … final), OSC (ESC ] … BEL/ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), 8-bit CSI, other ESC pairs.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|[\u0090\u0098\u009e\u009f][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[ -/]*[0-~]?/g;
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
  let text = line.replace(ESCAPES, '');
  const cr = text.lastIndexOf('\r');
  if (cr !== -1) {
    // `progress 10%\rprogress 20%` ends showing the last segment; a trailing \r (CRLF) changes nothing.
    const segments = text.split('\r').filter((s) => s !== '');
    text = segments.length > 0 ? segments[segments.length - 1]! : '';
  }
  return text.replace(/\t/g, '    ').replace(CONTROLS, '\ufffd');
}

/** Sanitises multi-line text, keeping the line breaks. */
export function sanitizeText(text: string): string {
  return text.split('\n').map(sanitizeLine).join('\n');
}
