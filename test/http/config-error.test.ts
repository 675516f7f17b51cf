import { describe, expect, it } from "vitest";
import { backend } from "#test/support/database.js";
import { fromSources, runNode } from "#test/support/process.js";

const startServer = (env: Record<string, string>) => runNode(fromSources("src/main.ts"), { LOG_LEVEL: "info", PORT: "0", INTERNAL_PORT: "0", ...env });

// The process stops before it opens any database: once is enough.
describe.skipIf(backend() === "postgres")("the real server process on an invalid configuration (run once, no database involved)", () => {
  it("exits 1 with one line naming ADMIN_API_KEY, without its value or a stack trace", async () => {
    const run = await startServer({ DATABASE_URL: "memory://", ADMIN_API_KEY: "short-secret" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("error: invalid configuration: ADMIN_API_KEY: must be at least 16 characters\n");
  });

  it("names every invalid variable on that one line", async () => {
    const run = await startServer({ DATABASE_URL: "memory://", INTERNAL_PORT: "70000", PURGE_INTERVAL_SECONDS: "-5" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([expect.stringMatching(/^error: invalid configuration: INTERNAL_PORT: .+; PURGE_INTERVAL_SECONDS: /), ""]);
  });

  it("asks for SECRETS_KEY on PostgreSQL in one line, without echoing the database password", async () => {
    const run = await startServer({ DATABASE_URL: "postgres://app:db-password-123@127.0.0.1:1/identity" });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: invalid configuration: SECRETS_KEY: required when DATABASE_URL is postgres://\n");
  });
});
