import { defineConfig } from 'vitest/config';

// CLI tests spawn real processes (tsx, npm pack, vitest): give them time, and never collect the
// scaffolds they create under .scaffold-test-*.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
