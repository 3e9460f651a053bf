// Suggests the key a user probably meant: suggest.ts's edit distance, plus swapped neighbouring letters.
import { didYouMean } from './suggest.js';

/** didYouMean, plus one swap of neighbouring letters (`titel` → `title`, `rnu` → `run`), the most common slip. */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const close = didYouMean(name, candidates);
  if (close) return close;
  for (const candidate of candidates) {
    if (candidate.length !== name.length) continue;
    const diff = [...name].flatMap((ch, i) => (ch === candidate[i] ? [] : [i]));
    if (diff.length === 2 && diff[1] === diff[0]! + 1 && name[diff[0]!] === candidate[diff[1]!] && name[diff[1]!] === candidate[diff[0]!]) return candidate;
  }
  return undefined;
}
