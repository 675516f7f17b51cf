import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "#src/config/index.js";
import { SECRETS_KEY_FILE, signingKeyEncryptionKey } from "./secrets-key.js";

describe("the key that seals signing keys", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "identity-secrets-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("is derived from SECRETS_KEY, the same on every instance", () => {
    const config = { secretsKey: "a".repeat(40), databaseUrl: "postgres://db/x", dataDir: "/nonexistent" };
    const key = signingKeyEncryptionKey(config);
    expect(key).toHaveLength(32);
    expect(signingKeyEncryptionKey(config).equals(key)).toBe(true);
    expect(signingKeyEncryptionKey({ ...config, secretsKey: "b".repeat(40) }).equals(key)).toBe(false);
  });

  it("without SECRETS_KEY on the embedded store, is generated once into DATA_DIR (mode 0600) and then reused", async () => {
    const config = { secretsKey: undefined, databaseUrl: undefined, dataDir };
    const first = signingKeyEncryptionKey(config);
    const file = join(dataDir, SECRETS_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(signingKeyEncryptionKey(config).equals(first)).toBe(true);
  });

  it("is refused at start-up when missing on PostgreSQL, and must be long", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://db/identity" })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: "postgres://db/identity" })).toThrow(/SECRETS_KEY: required/);
    expect(() => loadConfig({ SECRETS_KEY: "short" })).toThrow(/at least 32 characters/);
    expect(loadConfig({ DATABASE_URL: "postgres://db/identity", SECRETS_KEY: "x".repeat(32) }).secretsKey).toBe("x".repeat(32));
    expect(loadConfig({}).secretsKey).toBeUndefined();
  });
});
