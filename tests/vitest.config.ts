import { configDefaults, defineConfig } from "vitest/config";

// System tests start real processes (npm start, the API server), so they run one file at a time.
// The resilience suite (tests/resilience) has its own command: npm run test:resilience.
export default defineConfig({
  test: {
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    exclude: [...configDefaults.exclude, "resilience/**"],
  },
});
