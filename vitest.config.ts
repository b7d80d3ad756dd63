import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/global-setup.ts'],
    // The JSON report is what .ci/run counts for its last line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
