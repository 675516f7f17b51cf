import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

// Names this run's PostgreSQL template database and its test servers' log directory
// (test/security/log-check.global.ts), so runs side by side never share one.
process.env.TEST_RUN_ID ??= String(process.pid);

/**
 * Every test file runs twice: on PGlite (in memory) and on the real PostgreSQL, each file
 * in a database of its own. Pure unit tests (*.unit.test.ts) run once.
 */
export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for type-graphql and Apollo; our sources must share
    // that one copy, not Vite's pick of the .mjs build (graphql refuses two copies at once).
    alias: { graphql: require.resolve("graphql") },
  },
  // Tests run the TypeScript sources: under this condition #src/* and #compat/* map to src/ and
  // compat/ (package.json "imports"), never to a build in dist/. Vitest resolves as Vite's SSR does.
  ssr: { resolve: { conditions: ["ts-source"] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default (cores - 1) leaves one fork on a 2-core CI machine; the files wait on PostgreSQL and sockets as much as on the CPU.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["src/**/*.test.ts", "compat/**/*.test.ts", "test/**/*.test.ts"],
          env: { TEST_DB: "pglite" },
          globalSetup: ["test/security/log-check.global.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["src/**/*.test.ts", "compat/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.unit.test.ts", "**/node_modules/**"],
          env: { TEST_DB: "postgres" },
          globalSetup: ["test/support/postgres-template.ts", "test/security/log-check.global.ts"],
        },
      },
    ],
  },
});
