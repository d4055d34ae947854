import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-yield.ts'],
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
