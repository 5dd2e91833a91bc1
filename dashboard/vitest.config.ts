import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["loaders/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 30_000 } });
