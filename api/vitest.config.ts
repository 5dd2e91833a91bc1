import { defineConfig } from "vitest/config";

const integration = ["src/routes/**/*.test.ts", "src/app.test.ts", "test/**/*.test.ts"];

// The integration suite runs twice: on the real PostgreSQL server and on embedded PGlite.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts"], exclude: integration, env: { NODE_ENV: "test" } },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: integration,
          env: { TEST_DB: "postgres", NODE_ENV: "test" },
          globalSetup: ["test/setup/postgres-template.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "pglite",
          include: integration,
          env: { TEST_DB: "pglite", NODE_ENV: "test" },
          globalSetup: ["test/setup/pglite-snapshot.ts"],
        },
      },
    ],
  },
});
