// Terminal display width of text (CJK characters take two columns), and padding, truncation and wrapping by width.
import stringWidthImpl from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Printable ASCII and the symbols the views draw (separator, ellipsis, dash, output rule, status icons, spinner),
 * each one column and a grapheme of its own (test/ui/width.test.ts checks both against string-width): a text of
 * them is as wide as it is long, no graphemes to segment (string-width 7 always segments, and the first `·` of a
 * run compiled its emoji expression: ≈ 25 ms).
 */
export const ONE_COLUMN = /^[\x20-\x7e·…—│✓✗○◐↺↷≡▷\u2800-\u28ff]*$/;

export function stringWidth(text: string): number {
  return ONE_COLUMN.test(text) ? text.length : stringWidthImpl(text);
}

/** Pads with spaces on the right to `width` columns (by display width, not length). */
export function padEndWidth(text: string, width: number): string {
  const w = stringWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Cuts text to at most `width` columns, ending with `…` when cut. */
export function truncateWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  // A long line of program output, every frame: cut it in one slice.
  if (ONE_COLUMN.test(text)) return text.slice(0, width - 1) + '…';
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return out + '…';
}

/** Wraps text into lines of at most `width` columns: at spaces where it can, inside a word where it must (CJK too). */
export function wrapWidth(text: string, width: number): string[] {
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: true }).split('\n');
}
