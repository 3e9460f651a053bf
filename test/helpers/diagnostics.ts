// The diagnostics of a compile that must fail: what compile tests assert on.
import { InvalidPlaybookError } from '../../src/engine/errors.js';

/** The diagnostics `attempt` rejects with; any other error is rethrown, and success fails the test. */
export async function diagnosticsFrom(attempt: Promise<unknown>): Promise<InvalidPlaybookError['diagnostics']> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof InvalidPlaybookError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the compile to fail');
}
