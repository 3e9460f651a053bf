// Test configuration: node environment, tests mirror src/ under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // RUNBOOK_HOME points at a temp folder in every worker (and every CLI it spawns with its environment).
    setupFiles: ['test/setup-home.ts'],
    // In CI, also write a machine-readable report; .ci/run prints its totals as the closing line.
    ...(process.env.RUNBOOK_TEST_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.RUNBOOK_TEST_REPORT } }
      : {}),
  },
});
