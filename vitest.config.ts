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
    // In CI, also write a machine-readable report; .ci/run prints its totals as the closing line.
    ...(process.env.RUNBOOK_TEST_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.RUNBOOK_TEST_REPORT } }
      : {}),
  },
});
