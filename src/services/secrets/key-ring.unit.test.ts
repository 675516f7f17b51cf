import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "#src/config/index.js";
import { keyRingOf, SECRETS_KEY_FILE, type SecretsConfig } from "./key-ring.js";

/** The key that seals signing keys, from a fresh ring (rings are kept per configuration object). */
const signingKeyEncryptionKey = (config: Omit<SecretsConfig, "secretsKeyPrevious">) => keyRingOf({ ...config, secretsKeyPrevious: [] }).current.derive("signing-keys");

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

  it("has an id that names it (a fingerprint, not the key), and keeps previous keys that only open", () => {
    const current = "current-secrets-key-0123456789abcdef0123";
    const previous = "previous-secrets-key-0123456789abcdef012";
    const base = { databaseUrl: "postgres://db/x", dataDir: "/nonexistent" };
    const ring = keyRingOf({ ...base, secretsKey: current, secretsKeyPrevious: [previous, current, previous] });
    expect(ring.current.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(ring.current.id).toBe(keyRingOf({ ...base, secretsKey: current, secretsKeyPrevious: [] }).current.id);
    expect(ring.previous.map((key) => key.id)).toEqual([keyRingOf({ ...base, secretsKey: previous, secretsKeyPrevious: [] }).current.id]);
    expect(ring.all).toEqual([ring.current, ...ring.previous]);
    expect(ring.byId(ring.previous[0]!.id)).toBe(ring.previous[0]);
    expect(ring.byId("unknown")).toBeUndefined();
    for (const key of ring.all) {
      expect(current).not.toContain(key.id);
      expect(key.derive("signing-keys").equals(key.derive("webhook-secrets"))).toBe(false);
    }
  });
});
