// Display width and truncation: the printable-ASCII fast path gives what string-width and the character walk give.
import { describe, expect, it } from 'vitest';
import stringWidthImpl from 'string-width';
import { ONE_COLUMN, stringWidth, truncateWidth } from '../../src/ui/width.js';

/** Truncation by walking characters, as for any text: the reference the fast path must agree with. */
function truncateByWalk(text: string, width: number): string {
  if (stringWidthImpl(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (stringWidthImpl(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

describe('display width', () => {
  it('counts printable ASCII one column a character, as string-width does', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
    for (const text of ['', 'x', printable, 'x'.repeat(5000)]) expect(stringWidth(text)).toBe(stringWidthImpl(text));
  });

  it("takes the views' symbols for one column each, as string-width does, alone or side by side", () => {
    const symbols = Array.from({ length: 0x3000 - 0x80 }, (_, i) => String.fromCharCode(0x80 + i)).filter((c) => ONE_COLUMN.test(c));
    expect(symbols).toEqual(expect.arrayContaining(['·', '…', '│', '✓', '✗', '○', '◐', '⠋']));
    const graphemes = new Intl.Segmenter();
    for (const c of symbols) {
      expect(stringWidthImpl(c), c).toBe(1);
      // A grapheme of its own: nothing before or after it joins it (no mark, joiner or prepend).
      expect([...graphemes.segment(`a${c}${c}a`)], c).toHaveLength(4);
    }
    const text = `${symbols.join('x')} ${symbols.join('')}`;
    expect(stringWidth(text)).toBe(stringWidthImpl(text));
    expect(truncateWidth(text, 40)).toBe(truncateByWalk(text, 40));
  });

  it('still measures wide, combining and control characters by their columns', () => {
    for (const text of ['步骤 1', 'e\u0301', 'tab\there', 'a\u001b[31mred\u001b[0m', '✓ done', '⠋ 1/5000']) {
      expect(stringWidth(text), JSON.stringify(text)).toBe(stringWidthImpl(text));
    }
  });
});

describe('truncation by width', () => {
  it('cuts a long line of program output to the width, ending with …', () => {
    const line = 'x'.repeat(99);
    expect(truncateWidth(line, 72)).toBe(`${'x'.repeat(71)}…`);
    for (const width of [-1, 0, 1, 2, 50, 98, 99, 100]) expect(truncateWidth(line, width), String(width)).toBe(truncateByWalk(line, width));
  });

  it('cuts text with wide characters by columns, never in the middle of one', () => {
    for (const text of ['部署 mlflow 到生产环境', 'a步b骤c', '✓ ok · 0.4s']) {
      for (const width of [0, 1, 3, 4, 7, 10]) {
        const cut = truncateWidth(text, width);
        expect(cut, `${text} @${width}`).toBe(truncateByWalk(text, width));
        expect(stringWidthImpl(cut)).toBeLessThanOrEqual(Math.max(0, width));
      }
    }
  });
});
