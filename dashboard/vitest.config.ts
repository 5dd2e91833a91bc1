import { defineConfig } from "vitest/config";

// src/shared is a link to shared/src, whose tests run in their own workspace.
export default defineConfig({
  test: {
    include: ["loaders/**/*.test.ts", "test/**/*.test.ts", "src/components/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
