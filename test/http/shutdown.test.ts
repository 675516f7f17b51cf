import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { spawnServer } from "#test/support/process.js";
import { TEST_SECRETS_KEY } from "#test/support/server.js";

describe("graceful shutdown of the real process", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it("exits 0 on SIGTERM after serving, and closes both listeners", async () => {
    const { child, port, internalPort, output: log } = await spawnServer({ DATABASE_URL: database.url, SECRETS_KEY: TEST_SECRETS_KEY, LOG_LEVEL: "info" });
    const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      child.kill("SIGTERM");
      // The server forces exit 1 after 10 s; a clean stop must come well before this bound.
      const bound = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit within 8 s:\n${log()}`)), 8_000).unref());
      const [code, signal] = await Promise.race([exited, bound]);
      expect({ code, signal }, log()).toEqual({ code: 0, signal: null });
      expect(log()).toContain("shutting down");
      for (const p of [port, internalPort]) {
        await expect(fetch(`http://127.0.0.1:${p}/healthz`)).rejects.toThrow();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  });
});
