// Where golden files live: test/golden/<the test's folder under test/>/<file> (README, "Golden files").
import { fileURLToPath } from 'node:url';

/** The absolute path of a golden file, e.g. golden('ui/plain-en.txt') for test/ui/plain.test.ts. */
export function golden(path: string): string {
  return fileURLToPath(new URL(`../golden/${path}`, import.meta.url));
}
