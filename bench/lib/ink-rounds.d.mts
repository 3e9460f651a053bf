// Types of ink-rounds.mjs, for the tests that import it.
export function inkSizes(text: string): [number, number, number];
export function inkRounds(text: string): number;
export function roundRatio(sizes: readonly number[], cpuMs: readonly number[]): number;
