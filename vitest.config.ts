import { defineConfig } from 'vitest/config';
import { APP_VERSION } from './vite.config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(APP_VERSION) },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'workers/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/fake-allen/**/*.test.ts', 'e2e/oracle/**/*.test.ts'],
    environment: 'node',
    // worker threads, not child processes: the same 1,048 tests in 121 s against 151 s (one run
    // each, 2 cores, 7 December). Files stay isolated: without isolation 75 s, but tests that
    // share module state with another file then fail.
    pool: 'threads',
    testTimeout: 20_000,
    // fake-world servers are built in beforeAll (the real world parses 2,992 experiments)
    hookTimeout: 60_000,
  },
});
