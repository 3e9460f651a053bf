// Child output cannot move the cursor, clear the screen, retitle the terminal or reorder text.
import { describe, expect, it } from 'vitest';
import { sanitizeLine, sanitizeText } from '../../src/ui/sanitize.js';

describe('sanitizeLine', () => {
  it('removes colours, cursor movement and screen clearing', () => {
    expect(sanitizeLine('\u001b[1;31mred\u001b[0m \u001b[2J\u001b[Hhome \u001b[10A\u001b[?25l')).toBe('red home ');
  });
  it('removes OSC sequences (window title, hyperlinks) and 8-bit CSI', () => {
    expect(sanitizeLine('\u001b]0;pwned\u0007title \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\ \u009b2Jz')).toBe('title link z');
  });
  it('keeps what a terminal would finally show after carriage returns', () => {
    expect(sanitizeLine('10%\r50%\r100%')).toBe('100%');
    expect(sanitizeLine('done\r')).toBe('done');
  });
  it('makes other control characters visible and expands tabs', () => {
    expect(sanitizeLine('a\u0007b\u0008c\td')).toBe('a\ufffdb\ufffdc    d');
  });
  it('neutralises bidirectional overrides', () => {
    expect(sanitizeLine('abc\u202edcba')).toBe('abc\ufffddcba');
  });
  it('leaves Chinese and plain text alone, line by line', () => {
    expect(sanitizeText('修复 权限\nok')).toBe('修复 权限\nok');
  });
});
