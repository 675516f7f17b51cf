import { defineConfig } from "vitest/config";

/**
 * Every test file runs twice: on PGlite (in memory) and on the real PostgreSQL, each file
 * in a database of its own. Pure unit tests (*.unit.test.ts) run once.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["src/**/*.test.ts", "compat/**/*.test.ts", "test/**/*.test.ts"],
          env: { TEST_DB: "pglite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["src/**/*.test.ts", "compat/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.unit.test.ts", "**/node_modules/**"],
          env: { TEST_DB: "postgres" },
          globalSetup: ["test/support/postgres-template.ts"],
        },
      },
    ],
  },
});
