import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { tables } from "#src/db/index.js";
import { startServer } from "#src/http/index.js";
import { backend } from "#test/support/database.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const silent = pino({ level: "silent" });

describe("signing keys at start-up", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("the default realm has an active key as soon as the server is up, before any token", async () => {
    const keys = await server.database.db.select().from(tables.signingKeys);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ status: "active", algorithm: "RS256" });
    expect(keys[0]!.privateKeyEncrypted).not.toMatch(/PRIVATE KEY/);
  });

  it.runIf(backend() === "postgres")("a second instance with another SECRETS_KEY refuses to start, naming SECRETS_KEY", async () => {
    const config = loadConfig({ ...envOf(server), SECRETS_KEY: "another-secrets-key-0123456789abcdef0123" });
    await expect(startServer(config, { logger: silent })).rejects.toThrow(/SECRETS_KEY/);
  });
});

describe.runIf(backend() === "pglite")("signing keys on the embedded store", () => {
  const dir = mkdtempSync(join(tmpdir(), "identity-keys-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = (secretsKey: string) => ({ PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATA_DIR: dir, SECRETS_KEY: secretsKey, LOG_LEVEL: "silent", PURGE_INTERVAL_SECONDS: "0" });

  it("a restart with another SECRETS_KEY refuses to start, naming SECRETS_KEY", async () => {
    const first = await startServer(loadConfig(env("first-secrets-key-0123456789abcdef0123")), { logger: silent });
    await first.stop();
    await expect(startServer(loadConfig(env("other-secrets-key-0123456789abcdef0123")), { logger: silent })).rejects.toThrow(/SECRETS_KEY/);
  });
});

function envOf(server: TestServer): Record<string, string> {
  return { PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATABASE_URL: server.config.databaseUrl!, LOG_LEVEL: "silent", PURGE_INTERVAL_SECONDS: "0" };
}
