import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'workers/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/fake-allen/**/*.test.ts', 'e2e/oracle/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
