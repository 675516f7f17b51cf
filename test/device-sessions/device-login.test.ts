import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { LOGIN_CODE_MAX_ATTEMPTS, LOGIN_CODE_TTL_SECONDS } from "#src/services/device-sessions/index.js";
import { lastLoginCode, newDeviceKey } from "#test/support/device-client.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const START = `mutation($email: String!) { startDeviceLogin(email: $email) { challengeId expiresAt } }`;
const COMPLETE = `mutation($c: ID!, $code: String!, $k: String!) {
  completeDeviceLogin(challengeId: $c, code: $code, clientPublicKey: $k) { deviceSessionId session { kind status clientPublicKey userId } }
}`;

describe("device login", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-11-23T12:00:00Z"));
  let n = 0;

  const newUser = async () => {
    n += 1;
    const email = `device${n}@example.com`;
    const res = await server.gql(`mutation($u: String!, $e: String!) { createUser(input: {username: $u, email: $e}) { id } }`, { u: `device${n}`, e: email });
    return { id: res.data!.createUser.id as string, email };
  };
  const start = async (email: string) => {
    const res = await server.gql(START, { email }, null);
    expect(res.errors).toBeUndefined();
    return res.data!.startDeviceLogin.challengeId as string;
  };
  const complete = (c: string, code: string, k = newDeviceKey().publicKeyBase64) => server.gql(COMPLETE, { c, code, k }, null);
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.stop());

  it("opens a device session bound to the key, from the e-mailed code, once", async () => {
    const user = await newUser();
    const key = newDeviceKey();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    const res = await complete(challengeId, code, key.publicKeyBase64);
    expect(res.errors).toBeUndefined();
    expect(res.data!.completeDeviceLogin.session).toEqual({ kind: "DEVICE", status: "ACTIVE", clientPublicKey: key.publicKeyBase64, userId: user.id });
    const again = await complete(challengeId, code);
    expect(again.errors?.[0]?.extensions?.code).toBe("INVALID_LOGIN_CODE");
  });

  it("stores the code hashed, never in clear", async () => {
    const user = await newUser();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    const [row] = await server.database.db.select().from(tables.deviceLoginChallenges).where(eq(tables.deviceLoginChallenges.id, challengeId));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.codeHash).not.toContain(code);
  });

  it("answers an unknown address like a known one, and sends nothing", async () => {
    const res = await server.gql(START, { email: "nobody@example.com" }, null);
    expect(res.errors).toBeUndefined();
    expect(res.data!.startDeviceLogin.challengeId).toMatch(/^[0-9a-f-]{36}$/);
    const mail = await server.gql(`query { outboxMessages(to: "nobody@example.com") { text } }`);
    expect(mail.data!.outboxMessages).toEqual([]);
    const done = await complete(res.data!.startDeviceLogin.challengeId, "123456");
    expect(done.errors?.[0]?.extensions?.code).toBe("INVALID_LOGIN_CODE");
  });

  it("refuses an expired code", async () => {
    const user = await newUser();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    clock.advance((LOGIN_CODE_TTL_SECONDS + 1) * 1000);
    const res = await complete(challengeId, code);
    expect(res.errors?.[0]?.extensions?.code).toBe("LOGIN_CODE_EXPIRED");
  });

  it(`allows ${LOGIN_CODE_MAX_ATTEMPTS} attempts, even for parallel guesses, then refuses the right code`, async () => {
    const user = await newUser();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    const guesses = await Promise.all(Array.from({ length: 12 }, () => complete(challengeId, wrong(code))));
    const codes = guesses.map((g) => g.errors?.[0]?.extensions?.code);
    expect(codes.filter((c) => c === "INVALID_LOGIN_CODE")).toHaveLength(LOGIN_CODE_MAX_ATTEMPTS);
    expect(codes.filter((c) => c === "LOGIN_ATTEMPTS_EXCEEDED")).toHaveLength(12 - LOGIN_CODE_MAX_ATTEMPTS);
    const [row] = await server.database.db.select().from(tables.deviceLoginChallenges).where(eq(tables.deviceLoginChallenges.id, challengeId));
    expect(row!.attempts).toBe(LOGIN_CODE_MAX_ATTEMPTS);
    const right = await complete(challengeId, code);
    expect(right.errors?.[0]?.extensions?.code).toBe("LOGIN_ATTEMPTS_EXCEEDED");
  });

  it("opens one session when the right code is sent twice at once", async () => {
    const user = await newUser();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    const results = await Promise.all([complete(challengeId, code), complete(challengeId, code), complete(challengeId, code)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const sessions = await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, user.id));
    expect(sessions).toHaveLength(1);
  });

  it("refuses a blocked subject at the start and at the finish", async () => {
    const byEmail = await newUser();
    await server.gql(`mutation($e: String!) { blockSubject(input: {email: $e, reasonCode: "fraud"}) { outcome } }`, { e: byEmail.email });
    const refused = await server.gql(START, { email: byEmail.email }, null);
    expect(refused.errors?.[0]?.extensions?.code).toBe("SUBJECT_BLOCKED");

    const midway = await newUser();
    const challengeId = await start(midway.email);
    const code = await lastLoginCode(server, midway.email);
    await server.gql(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "fraud"}) { outcome } }`, { id: midway.id });
    const finish = await complete(challengeId, code);
    expect(finish.errors?.[0]?.extensions?.code).toBe("SUBJECT_BLOCKED");
    const sessions = await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, midway.id));
    expect(sessions).toEqual([]);
  });

  it.each([
    ["too short", Buffer.alloc(31, 1).toString("base64")],
    ["too long", Buffer.alloc(33, 1).toString("base64")],
    ["URL-safe alphabet", Buffer.alloc(32, 0xfb).toString("base64url")],
    ["unpadded", Buffer.alloc(32, 7).toString("base64").replace(/=$/, "")],
    ["not base64", "!".repeat(44)],
  ])("rejects a client key that is %s, without spending an attempt", async (_name, key) => {
    const user = await newUser();
    const challengeId = await start(user.email);
    const code = await lastLoginCode(server, user.email);
    const res = await complete(challengeId, code, key);
    expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_PUBLIC_KEY");
    expect(res.errors?.[0]?.message).toMatch(/base64 of a raw 32-byte Ed25519 public key/);
    const [row] = await server.database.db.select().from(tables.deviceLoginChallenges).where(eq(tables.deviceLoginChallenges.id, challengeId));
    expect(row!.attempts).toBe(0);
    expect((await complete(challengeId, code)).errors).toBeUndefined();
  });

  it("rejects a malformed e-mail and code with BAD_USER_INPUT", async () => {
    const bad = await server.gql(START, { email: "not-an-email" }, null);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const user = await newUser();
    const challengeId = await start(user.email);
    const res = await complete(challengeId, "12ab56");
    expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
