import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests spawn real processes; two cores, so keep files from piling up.
    maxWorkers: 2,
  },
});
