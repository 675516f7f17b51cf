import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProgram } from "#src/cli/program.js";
import { loadConfig } from "#src/config/index.js";
import { tables } from "#src/db/index.js";
import { startServer } from "#src/http/index.js";
import { keyRingOf } from "#src/services/secrets/index.js";
import { webhookSecretSealer } from "#src/services/session-events/webhooks/secret.js";
import { AUTH_PASSWORD, authCall, loginTicket } from "#test/support/auth-service.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { ADMIN_KEY, graphqlPoster, type TestServer } from "#test/support/server.js";
import { capturedIo } from "../cli/store.js";
import { newUser, passwordGrant, userinfo, type TokenBody } from "../oidc/support.js";

const OLD = "old-wrapping-secret-for-rotation-0123456789";
const NEW = "new-wrapping-secret-for-rotation-0123456789";
const PUBLIC_URL = "http://identity.example.test";
const keyId = (secret: string) => keyRingOf({ secretsKey: secret, secretsKeyPrevious: [], databaseUrl: "postgres://x/y", dataDir: "" }).current.id;

/**
 * The documented rolling rotation of SECRETS_KEY on one PostgreSQL: every instance first gets the
 * new key as a previous one, then the new key becomes current with the old one previous (two
 * instances run with the two configurations at once), the reseal job rewrites what the old key
 * sealed, and the old key is dropped.
 */
describe.skipIf(backend() === "pglite")("SECRETS_KEY rotation without downtime (two instances on one PostgreSQL; skipped on PGlite)", () => {
  let database: TestDatabase;
  const running: TestServer[] = [];

  const env = (current: string, previous?: string): Record<string, string> => ({
    PORT: "0",
    INTERNAL_PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    ADMIN_API_KEY: ADMIN_KEY,
    SECRETS_KEY: current,
    ...(previous ? { SECRETS_KEY_PREVIOUS: previous } : {}),
    PUBLIC_URL,
    PURGE_INTERVAL_SECONDS: "0",
    PASSWORD_HASH_MEMORY_KIB: "4096",
    PASSWORD_HASH_TIME_COST: "1",
    LOG_LEVEL: "silent",
  });
  async function start(current: string, previous?: string): Promise<TestServer> {
    const config = loadConfig(env(current, previous));
    const server = await startServer(config, { logger: pino({ level: "silent" }) });
    const test = { ...server, config, gql: graphqlPoster(server.publicUrl) };
    running.push(test);
    return test;
  }
  const stop = async (server: TestServer) => {
    running.splice(running.indexOf(server), 1);
    await server.stop();
  };
  async function reseal(current: string, previous: string) {
    const io = capturedIo(env(current, previous));
    await createProgram(io).parseAsync(["secrets", "reseal"], { from: "user" });
    expect({ exitCode: io.exitCode, err: io.err }).toEqual({ exitCode: 0, err: [] });
    return JSON.parse(io.out.join("")) as { resealed: number; unreadable: number; columns: Record<string, { resealed: number; unreadable: number }> };
  }
  async function enrolTotp(server: TestServer) {
    const user = await newUser(server);
    const res = await server.gql(`mutation($u: ID!) { createMfa(input: {userId: $u, type: "totp"}) { id data } }`, { u: user.id });
    expect(res.errors).toBeUndefined();
    return { user, mfaId: res.data!.createMfa.id as number, secret: res.data!.createMfa.data.totpKey as string };
  }
  async function verifyTotp(server: TestServer, totp: Awaited<ReturnType<typeof enrolTotp>>) {
    const value = await generate({ secret: totp.secret, epoch: Math.floor(Date.now() / 1000) });
    const res = await server.gql(`mutation($u: ID!, $m: Int!, $v: JSON) { verifyMfa(input: {userId: $u, mfaId: $m, value: $v}) { id } }`, { u: totp.user.id, m: totp.mfaId, v: value });
    // A wrong code is an error; a right one answers with the option.
    expect(res.errors).toBeUndefined();
    return (res.data!.verifyMfa as { id: number }).id === totp.mfaId;
  }
  async function createWebhook(server: TestServer) {
    const res = await server.gql(`mutation { createWebhook(input: {url: "http://127.0.0.1:9/hook", eventTypes: [REVOKED]}) { secret webhook { id } } }`);
    expect(res.errors).toBeUndefined();
    return { id: res.data!.createWebhook.webhook.id as string, secret: res.data!.createWebhook.secret as string };
  }
  async function sealedValues(server: TestServer): Promise<string[]> {
    const db = server.database.db;
    const values = [
      ...(await db.select({ v: tables.signingKeys.privateKeyEncrypted }).from(tables.signingKeys)),
      ...(await db.select({ v: tables.mfas.totpSecretSealed }).from(tables.mfas)),
      ...(await db.select({ v: tables.webhooks.secretSealed }).from(tables.webhooks)),
      ...(await db.select({ v: tables.recoveryMethods.codeSealed }).from(tables.recoveryMethods)),
    ];
    return values.map((row) => row.v).filter((v): v is string => v !== null);
  }
  const webhookSecretSeenBy = async (server: TestServer, id: string) => {
    const [hook] = await server.database.db.select().from(tables.webhooks).where(eq(tables.webhooks.id, id));
    return webhookSecretSealer(server.config).open(hook!.id, hook!.secretSealed);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(running.map((server) => server.stop()));
    await database?.drop();
  });

  it("both configurations read each other's values, the reseal rewrites the old key's, and the old key can go", async () => {
    // Before: one key. Its signing key, TOTP secrets, webhook secret and cookie key are all OLD's.
    const before = await start(OLD);
    const oldTotp = await enrolTotp(before);
    const laterTotp = await enrolTotp(before);
    const oldHook = await createWebhook(before);
    const oidcUser = await newUser(before);
    const oldToken = (await passwordGrant(before, oidcUser.username)).body as TokenBody;
    expect(oldToken.access_token).toBeTruthy();
    expect((await sealedValues(before)).every((v) => v.startsWith(`v2.${keyId(OLD)}.`))).toBe(true);
    const oldTicket = await loginTicket(before, oidcUser.username, AUTH_PASSWORD);
    await stop(before);

    // Step 1 and 2 of the rolling deploy, side by side: a still seals with OLD, b already with NEW.
    const a = await start(OLD, NEW);
    const b = await start(NEW, OLD);
    // b rotates the realm's signing key: the new private key is sealed under NEW, and a signs with it.
    const rotated = await b.gql(`mutation { rotateSigningKeys(realm: "master") { id status } }`);
    expect(rotated.errors).toBeUndefined();
    const newKeyRow = (await b.database.db.select().from(tables.signingKeys)).find((row) => row.status === "active")!;
    expect(newKeyRow.privateKeyEncrypted.startsWith(`v2.${keyId(NEW)}.`)).toBe(true);
    const tokenFromA = (await passwordGrant(a, oidcUser.username)).body as TokenBody;
    expect(tokenFromA.access_token).toBeTruthy();
    for (const server of [a, b]) {
      expect((await userinfo(server, tokenFromA.access_token)).status).toBe(200);
      expect((await userinfo(server, oldToken.access_token)).status).toBe(200);
    }

    // TOTP: sealed under OLD, verified on b; sealed under NEW on b, verified on a.
    expect(await verifyTotp(b, oldTotp)).toBe(true);
    const newTotp = await enrolTotp(b);
    expect(await verifyTotp(a, newTotp)).toBe(true);

    // Webhook secrets: each configuration opens the other's.
    const newHook = await createWebhook(b);
    expect(await webhookSecretSeenBy(b, oldHook.id)).toBe(oldHook.secret);
    expect(await webhookSecretSeenBy(a, newHook.id)).toBe(newHook.secret);

    // The auth-service refresh cookie (HMAC keyed from SECRETS_KEY): made under OLD, accepted on b.
    expect((await authCall(b.publicUrl, "POST", "/system/auth/who-am-i", { cookie: oldTicket.cookie })).status).toBe(200);
    const ticketFromB = await loginTicket(b, oidcUser.username, AUTH_PASSWORD);
    expect((await authCall(a.publicUrl, "POST", "/system/auth/who-am-i", { cookie: ticketFromB.cookie })).status).toBe(200);

    // Step 3: reseal under NEW. The first master key, two TOTP secrets and one webhook were OLD's.
    const first = await reseal(NEW, OLD);
    expect(first).toMatchObject({ unreadable: 0, columns: { "signing keys": { resealed: 1 }, "TOTP secrets": { resealed: 2 }, "webhook secrets": { resealed: 1 } } });
    expect((await sealedValues(a)).every((v) => v.startsWith(`v2.${keyId(NEW)}.`))).toBe(true);
    expect(await reseal(NEW, OLD)).toMatchObject({ resealed: 0, unreadable: 0 });

    // Step 4: the old key is dropped. Everything sealed still opens, tokens of both keys still verify.
    await Promise.all([stop(a), stop(b)]);
    const after = await start(NEW);
    expect((await userinfo(after, oldToken.access_token)).status).toBe(200);
    expect((await userinfo(after, tokenFromA.access_token)).status).toBe(200);
    expect((await passwordGrant(after, oidcUser.username)).status).toBe(200);
    expect(await verifyTotp(after, laterTotp)).toBe(true);
    expect(await webhookSecretSeenBy(after, oldHook.id)).toBe(oldHook.secret);
    expect((await authCall(after.publicUrl, "POST", "/system/auth/who-am-i", { cookie: ticketFromB.cookie })).status).toBe(200);
    // A cookie only the old key signed is refused now: no value depends on OLD any more, except such short-lived ones.
    expect((await authCall(after.publicUrl, "POST", "/system/auth/who-am-i", { cookie: oldTicket.cookie })).status).not.toBe(200);
    await stop(after);
    // And the old key alone can no longer start the server: every stored key is NEW's.
    await expect(startServer(loadConfig(env(OLD)), { logger: pino({ level: "silent" }) })).rejects.toThrow(/SECRETS_KEY/);
  });
});
