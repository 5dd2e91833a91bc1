import { defineConfig } from "vitest/config";

// Seed tests hash passwords and create throwaway Postgres databases: give them room.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
