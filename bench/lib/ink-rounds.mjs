// The ink bench's statistics: the sizes and rounds it is given, and each round's own CPU-per-step ratio.

/** INK_BENCH_SIZES: three step counts, smallest first (the check compares the largest with the middle one). */
export function inkSizes(text) {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  const ascending = sizes.every((n, i) => Number.isSafeInteger(n) && n > 0 && (i === 0 || n > sizes[i - 1]));
  if (sizes.length !== 3 || !ascending) {
    throw new Error(`INK_BENCH_SIZES=${JSON.stringify(text)}: expected three step counts, smallest first (e.g. 100,500,5000)`);
  }
  return sizes;
}

/** INK_BENCH_ROUNDS: how many rounds (each runs every size once); at least one. */
export function inkRounds(text) {
  const rounds = Number(text);
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new Error(`INK_BENCH_ROUNDS=${JSON.stringify(text)}: expected a whole number of rounds, at least 1`);
  return rounds;
}

/**
 * One round's ratio: CPU per step over the smallest size at the largest, ÷ the same at the middle size
 * (`cpuMs` of each size in that round, smallest first). A round whose marginal cost is not positive at either
 * size measured nothing but noise: it counts as a miss (Infinity), never as the best round there was.
 */
export function roundRatio(sizes, cpuMs) {
  const [small, middle, large] = sizes;
  const perStep = (i, n) => (cpuMs[i] - cpuMs[0]) / (n - small);
  const atMiddle = perStep(1, middle);
  const atLarge = perStep(2, large);
  return atMiddle > 0 && atLarge > 0 ? atLarge / atMiddle : Infinity;
}
