import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    // PGlite instances are heavy (WASM heap per instance); keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
