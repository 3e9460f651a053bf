// "Did you mean …?": the closest known name to a misspelt one, by edit distance.

/**
 * Edit distance between two strings (by code point): insertions, deletions, substitutions, and a
 * swap of neighbouring letters counted as one edit (`titel` → `title`), the most common slip.
 */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let before: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[y.length]!;
}

/** The candidate closest to `name`, if close enough to be a plausible typo (or a case/prefix slip). */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= limit ? best : sameStem(lower, candidates);
}

/**
 * The one candidate that is the name with another last word (`continue_on_failure` → `continue_on_error`,
 * `continue_on_fail`): the words before it (two at least, or one of five letters or more) the same.
 */
function sameStem(lower: string, candidates: Iterable<string>): string | undefined {
  const words = lower.split(/[_-]/);
  if (words.length < 2) return undefined;
  const stem = words.slice(0, -1);
  if (stem.length < 2 && stem[0]!.length < 5) return undefined;
  const found = [...candidates].filter((candidate) => {
    const other = candidate.toLowerCase().split(/[_-]/);
    return other.length === words.length && stem.every((word, i) => other[i] === word);
  });
  return found.length === 1 ? found[0] : undefined;
}
