import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { keyRingOf, sealer, sealWith } from "#src/services/secrets/index.js";
import { webhookSecretSealer } from "#src/services/session-events/webhooks/secret.js";
import { startTestServer, TEST_SECRETS_KEY, type TestServer } from "#test/support/server.js";
import { newUser, passwordGrant } from "../oidc/support.js";

const OLD = "old-wrapping-secret-for-reseal-0123456789";
const STRANGER = "a-key-this-server-never-had-0123456789ab";
const ringOf = (secret: string) => keyRingOf({ secretsKey: secret, secretsKeyPrevious: [], databaseUrl: "postgres://x/y", dataDir: "" });

/** A signing key as the server sealed it before the key ring: v1, no key id. */
function sealV1(secret: string, kid: string, plaintext: string): string {
  const key = Buffer.from(hkdfSync("sha256", secret, "identity-server", "signing-keys", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(kid));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/**
 * The reseal job: values under a previous key or in v1 are rewritten under the current key; a value
 * no key of the ring opens is counted and left; two runs at once (two instances' housekeeping)
 * rewrite each value once, because a row is only rewritten while it holds what was read.
 */
describe("resealing values under the current SECRETS_KEY", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SECRETS_KEY_PREVIOUS: OLD } });
  });
  afterAll(() => server?.stop());

  it("rewrites what the previous key and the v1 format sealed, once, even when two runs race", async () => {
    const db = server.database.db;
    const hooks: { id: string; secret: string }[] = [];
    for (let n = 0; n < 6; n++) {
      const res = await server.gql(`mutation { createWebhook(input: {url: "http://127.0.0.1:9/hook-${n}", eventTypes: [REVOKED]}) { secret webhook { id } } }`);
      expect(res.errors).toBeUndefined();
      hooks.push({ id: res.data!.createWebhook.webhook.id, secret: res.data!.createWebhook.secret });
    }
    // Five as the previous key sealed them, one under a key the server never had.
    for (const [n, hook] of hooks.entries()) {
      const key = n < 5 ? ringOf(OLD).current : ringOf(STRANGER).current;
      await db.update(tables.webhooks).set({ secretSealed: sealWith(key, "webhook-secrets", `webhook:${hook.id}`, hook.secret) }).where(eq(tables.webhooks.id, hook.id));
    }
    // The realm's signing key as it was stored before the ring (v1).
    const [signingKey] = await db.select().from(tables.signingKeys);
    const pkcs8 = sealer(() => keyRingOf(server.config), "signing-keys").open(signingKey!.id, signingKey!.privateKeyEncrypted);
    await db.update(tables.signingKeys).set({ privateKeyEncrypted: sealV1(TEST_SECRETS_KEY, signingKey!.id, pkcs8) }).where(eq(tables.signingKeys.id, signingKey!.id));

    const runs = await Promise.all([server.services.housekeeping.reseal(), server.services.housekeeping.reseal()]);
    const total = (name: string) => runs.reduce((sum, run) => sum + run[name]!.resealed, 0);
    expect(total("webhook secrets")).toBe(5);
    expect(total("signing keys")).toBe(1);
    expect(runs.map((run) => run["webhook secrets"]!.unreadable)).toEqual([1, 1]);

    // Under the current key alone, every value but the stranger's opens, with the same secret as before.
    const currentOnly = webhookSecretSealer({ ...server.config, secretsKeyPrevious: [] });
    const rows = await db.select().from(tables.webhooks);
    for (const [n, hook] of hooks.entries()) {
      const row = rows.find((r) => r.id === hook.id)!;
      if (n < 5) {
        expect(row.secretSealed.startsWith(`v2.${ringOf(TEST_SECRETS_KEY).current.id}.`)).toBe(true);
        expect(currentOnly.open(hook.id, row.secretSealed)).toBe(hook.secret);
      } else {
        expect(() => currentOnly.open(hook.id, row.secretSealed)).toThrow(/neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/);
      }
    }
    const [resealedKey] = await db.select().from(tables.signingKeys).where(eq(tables.signingKeys.id, signingKey!.id));
    expect(resealedKey!.privateKeyEncrypted.startsWith(`v2.${ringOf(TEST_SECRETS_KEY).current.id}.`)).toBe(true);
    expect((await passwordGrant(server, (await newUser(server)).username)).status).toBe(200);

    // Nothing left to do, the stranger's value aside.
    const again = await server.services.housekeeping.reseal();
    expect(again["webhook secrets"]).toEqual({ resealed: 0, unreadable: 1 });
    expect(again["signing keys"]).toEqual({ resealed: 0, unreadable: 0 });
  });
});
