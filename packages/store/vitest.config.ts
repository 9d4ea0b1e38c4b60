import { defineConfig } from 'vitest/config';

// Store tests open real SQLite files (some with a writer thread that loads tsx on start) and real
// PostgreSQL schemas: on a loaded 2-core machine one test can take more than vitest's default 5 s.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
});
