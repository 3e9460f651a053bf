// Joins Markdown blocks under a size cap (a PR comment holds 65,536 characters), with a visible marker.

export const MARKDOWN_MAX_CHARS = 65_536;

/** True when the blocks, joined, fit under the cap whole. */
export function fits(blocks: readonly string[], max: number): boolean {
  return blocks.join('\n\n').length + 1 <= max;
}

/**
 * Joins self-contained blocks (each closes every fence and tag it opens) with blank lines. When they do
 * not all fit, whole blocks are dropped from the end and the marker says how many were shown.
 */
export function joinCapped(
  blocks: readonly string[],
  max: number,
  marker: (shown: number, total: number) => string,
): string {
  const full = blocks.join('\n\n') + '\n';
  if (full.length <= max) return full;
  const reserve = marker(blocks.length, blocks.length).length + 9;
  let out = '';
  let shown = 0;
  for (const block of blocks) {
    const next = out === '' ? block : `${out}\n\n${block}`;
    if (next.length + reserve > max) break;
    out = next;
    shown++;
  }
  const tail = marker(shown, blocks.length);
  if (out === '') {
    // Even the first block is too big: show none of it rather than a half-open fence.
    return `${tail}\n`;
  }
  return `${out}\n\n---\n\n${tail}\n`;
}
