// The order diagnostics are listed in: by position in the file; those without a position last.
import type { Diagnostic } from './errors.js';

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? -1 : lb ? 1 : 0;
  return la.line - lb.line || la.col - lb.col;
}
