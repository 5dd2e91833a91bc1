import { defineConfig } from "vitest/config";

// Attacks on the running system: faults during sync, forged webhooks, the authorization
// matrix, fuzzed requests. Real processes and databases, so one file at a time.
export default defineConfig({
  test: {
    include: ["resilience/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
