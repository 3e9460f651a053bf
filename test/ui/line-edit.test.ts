// Line editing for typed prompts: every key of a burst applied in order, editing keys at the cursor.
import { describe, expect, it } from 'vitest';
import { EMPTY_LINE, editLine, keysOf, splitBurst, type Line } from '../../src/ui/line-edit.js';

/** Applies a raw read to a line, as the prompt does; returns the line and what ended it. */
function type(raw: string, line: Line = EMPTY_LINE): { line: Line; ended: string[] } {
  const ended: string[] = [];
  for (const key of keysOf(raw, {})) {
    if (key.kind === 'submit' || key.kind === 'cancel' || key.kind === 'interrupt') ended.push(`${key.kind}:${line.text}`);
    else line = editLine(line, key);
  }
  return { line, ended };
}

describe('line editing', () => {
  it('applies a burst (a laggy SSH session) as the same keys typed one by one', () => {
    expect(type('FLUSHALLXX\u007f\u007f').line).toEqual({ text: 'FLUSHALL', cursor: 8 });
    expect(type('FLUSHALLXX\u007f\u007f\r').ended).toEqual(['submit:FLUSHALL']);
    expect(type('FLUSHALLXX\b\b\r').ended).toEqual(['submit:FLUSHALL']);
    // Ctrl-C inside a burst interrupts; text typed after Enter starts a new line.
    expect(type('ab\u0003').ended).toEqual(['interrupt:ab']);
    expect(splitBurst('one\r\ntwo\r')).toEqual([{ kind: 'insert', text: 'one' }, { kind: 'submit' }, { kind: 'insert', text: 'two' }, { kind: 'submit' }]);
  });

  it('edits at the cursor: arrows, home/end, Ctrl-U, Ctrl-K, Ctrl-W, delete', () => {
    let line = type('cown').line;
    line = editLine(line, { kind: 'left' });
    line = editLine(line, { kind: 'left' });
    line = editLine(line, { kind: 'left' });
    line = editLine(line, { kind: 'insert', text: 'h' });
    expect(line).toEqual({ text: 'chown', cursor: 2 });
    expect(editLine(line, { kind: 'clearToStart' })).toEqual({ text: 'own', cursor: 0 });
    expect(editLine(line, { kind: 'clearToEnd' })).toEqual({ text: 'ch', cursor: 2 });
    expect(editLine(line, { kind: 'deleteForward' })).toEqual({ text: 'chwn', cursor: 2 });
    expect(editLine({ text: 'docker compose stop', cursor: 19 }, { kind: 'deleteWord' })).toEqual({ text: 'docker compose ', cursor: 15 });
    expect(editLine(line, { kind: 'home' }).cursor).toBe(0);
    expect(editLine({ text: 'ab', cursor: 0 }, { kind: 'end' }).cursor).toBe(2);
    expect(editLine({ text: 'ab', cursor: 0 }, { kind: 'backspace' })).toEqual({ text: 'ab', cursor: 0 });
  });

  it('edits Chinese text by character and keeps control characters out of the text', () => {
    expect(type('确认清空x\u007f').line).toEqual({ text: '确认清空', cursor: 4 });
    expect(type('a\tb\u202ec\u001b[').line.text).toBe('abc[');
    expect(editLine(EMPTY_LINE, { kind: 'insert', text: 'x'.repeat(300) }, 200).text).toHaveLength(200);
  });

  it("reads Ink's named keys: Backspace arrives as 'delete', Esc declines, Ctrl-C interrupts", () => {
    expect(keysOf('', { delete: true })).toEqual([{ kind: 'backspace' }]);
    expect(keysOf('', { escape: true, meta: true })).toEqual([{ kind: 'cancel' }]);
    expect(keysOf('c', { ctrl: true })).toEqual([{ kind: 'interrupt' }]);
    expect(keysOf('u', { ctrl: true })).toEqual([{ kind: 'clearToStart' }]);
    expect(keysOf('', { leftArrow: true })).toEqual([{ kind: 'left' }]);
    expect(keysOf('x', { meta: true })).toEqual([{ kind: 'ignore' }]);
  });
});
