// Turns a finding's YAML path (and an offset inside a template there) into file:line:col.
import type { LoadedPlaybook } from '../../engine/loaded.js';
import type { FindingDraft } from './types.js';

export interface Where {
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
}

/** 1-based line and column of an offset inside a text. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: [...(before[before.length - 1] ?? '')].length + 1 };
}

/** Where a draft points in the file; block scalars and quotes are accounted for as the compiler does. */
export function locateDraft(loaded: LoadedPlaybook, draft: FindingDraft): Where {
  const pos = draft.key ? loaded.locateKey(draft.path) : loaded.locate(draft.path);
  if (!pos) return { line: 1, col: 1 };
  if (draft.offset === undefined && draft.at === undefined) return { line: pos.line, col: pos.col, endLine: pos.endLine, endCol: pos.endCol };
  let value: unknown = loaded.playbook;
  for (const segment of draft.path) value = (value as Record<string | number, unknown> | undefined)?.[segment];
  const { line, col } = draft.at ?? lineCol(typeof value === 'string' ? value : '', draft.offset ?? 0);
  if (pos.scalar === 'BLOCK_LITERAL' || pos.scalar === 'BLOCK_FOLDED') {
    const lineNo = pos.line + line;
    const text = loaded.source.split(/\r?\n/)[lineNo - 1] ?? '';
    return { line: lineNo, col: text.length - text.trimStart().length + col };
  }
  const quoted = pos.scalar === 'QUOTE_DOUBLE' || pos.scalar === 'QUOTE_SINGLE' ? 1 : 0;
  return line === 1 ? { line: pos.line, col: pos.col + quoted + col - 1 } : { line: pos.line + line - 1, col };
}
