// A line typed in the Ink view (gates, the `new` wizard): real line editing, every key of a burst applied in order.
import { useRef, useState } from 'react';
import { Text, useInput } from 'ink';
import { EMPTY_LINE, editLine, keysOf, type Line, type LineKey } from '../line-edit.js';
import { sanitizeLine } from '../sanitize.js';

export interface LineInputHandlers {
  /**
   * Enter: the line is handed over and a fresh one starts (the rest of a burst goes into it); `false` keeps
   * the line as it was, to be corrected.
   */
  onSubmit(text: string): boolean | void;
  /** Esc. */
  onCancel?(): void;
  /** Ctrl-C (raw mode swallows the signal). */
  onInterrupt?(): void;
  /** Sees every key first; returns true when it used it (a choice list's arrows). */
  onKey?(key: LineKey): boolean;
}

export function useLineInput(handlers: LineInputHandlers, options: { isActive: boolean; maxLength?: number }): Line {
  // Keys may arrive faster than React renders: the line lives in a ref, a counter triggers renders.
  const line = useRef<Line>(EMPTY_LINE);
  const [, setVersion] = useState(0);
  useInput(
    (input, key) => {
      for (const k of keysOf(input, key)) {
        if (handlers.onKey?.(k)) continue;
        if (k.kind === 'submit') {
          const typed = line.current;
          line.current = EMPTY_LINE;
          if (handlers.onSubmit(typed.text) === false) line.current = typed;
        } else if (k.kind === 'cancel') handlers.onCancel?.();
        else if (k.kind === 'interrupt') handlers.onInterrupt?.();
        else line.current = editLine(line.current, k, options.maxLength);
      }
      setVersion((v) => v + 1);
    },
    { isActive: options.isActive },
  );
  return line.current;
}

/** The line with its cursor (an inverse cell; at the end a block `█` when `block`), the text sanitised. */
export function LineText({ line, color, block = false }: { line: Line; color?: string; block?: boolean }) {
  const chars = Array.from(sanitizeLine(line.text));
  const at = Math.min(line.cursor, chars.length);
  return (
    <>
      <Text color={color}>{chars.slice(0, at).join('')}</Text>
      {at === chars.length && block ? <Text>█</Text> : <Text inverse>{chars[at] ?? ' '}</Text>}
      <Text color={color}>{chars.slice(at + 1).join('')}</Text>
    </>
  );
}
