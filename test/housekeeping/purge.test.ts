import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { purgeStaleRows } from "#src/services/housekeeping/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const DAY = 86_400_000;
const policy = { sessionRetentionDays: 90, auditRetentionDays: 365, sessionEventRetentionDays: 7 };

describe("purge of stale rows", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-11-23T00:00:00Z"));
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY);

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("deletes only what outlived its retention, in batches, and nothing twice", async () => {
    const { db } = server.database;
    const realm = await server.services.realms.require("master");
    const user = await server.services.users.create(realm.id, { username: "old", email: "old@example.com" }, { type: "test" });
    const session = (overrides: Partial<typeof tables.sessions.$inferInsert>) =>
      db.insert(tables.sessions).values({ realmId: realm.id, userId: user.id, kind: "token", ...overrides }).returning().then((r) => r[0]!);
    const oldRevoked = await session({ status: "revoked", revokedAt: daysAgo(91) });
    const recentRevoked = await session({ status: "revoked", revokedAt: daysAgo(10) });
    const oldExpired = await session({ expiresAt: daysAgo(100) });
    const active = await session({});

    await db.insert(tables.deviceLoginChallenges).values([
      { realmId: realm.id, email: "old@example.com", codeHash: "x", expiresAt: daysAgo(2) },
      { realmId: realm.id, email: "old@example.com", codeHash: "y", expiresAt: new Date(clock.now().getTime() + 60_000) },
    ]);
    await db.insert(tables.deviceRequestNonces).values([
      { sessionId: active.id, nonce: "stale-nonce", expiresAt: daysAgo(1) },
      { sessionId: active.id, nonce: "fresh-nonce", expiresAt: new Date(clock.now().getTime() + 60_000) },
      { sessionId: recentRevoked.id, nonce: "stale-nonce", expiresAt: new Date(clock.now().getTime() + 60_000) },
    ]);
    await db.insert(tables.refreshTokens).values([
      { sessionId: active.id, clientId: "app", scope: "openid", issuedAt: daysAgo(3), expiresAt: daysAgo(2) },
      { sessionId: active.id, clientId: "app", scope: "openid", issuedAt: clock.now(), expiresAt: new Date(clock.now().getTime() + 60_000) },
    ]);
    await db.insert(tables.signingKeys).values([
      { realmId: realm.id, algorithm: "RS256", status: "retired", publicJwk: {}, privateKeyEncrypted: "x", retiredAt: daysAgo(5), verifyUntil: daysAgo(2) },
      { realmId: realm.id, algorithm: "RS256", status: "retired", publicJwk: {}, privateKeyEncrypted: "y", retiredAt: clock.now(), verifyUntil: new Date(clock.now().getTime() + 60_000) },
    ]);
    const stale = Array.from({ length: 1_205 }, (_, i) => ({ action: "old", actorType: "test", subjectType: "x", subjectId: String(i), occurredAt: daysAgo(400) }));
    await db.insert(tables.auditEvents).values(stale);

    const deleted = await purgeStaleRows(db, clock, policy);
    expect(deleted).toMatchObject({ "device login challenges": 1, "device request nonces": 1, "ended sessions": 2, "audit events": 1_205, "expired refresh tokens": 1, "retired signing keys": 1 });
    const keys = await db.select().from(tables.signingKeys);
    expect(keys.filter((k) => k.status === "retired").map((k) => k.privateKeyEncrypted)).toEqual(["y"]);
    expect(keys.filter((k) => k.status === "active")).toHaveLength(1);
    expect(await db.select().from(tables.refreshTokens).where(eq(tables.refreshTokens.sessionId, active.id))).toHaveLength(1);

    const sessions = await db.select({ id: tables.sessions.id }).from(tables.sessions).where(eq(tables.sessions.userId, user.id));
    expect(sessions.map((s) => s.id).sort()).toEqual([recentRevoked.id, active.id].sort());
    expect(sessions.map((s) => s.id)).not.toContain(oldRevoked.id);
    expect(sessions.map((s) => s.id)).not.toContain(oldExpired.id);
    const nonces = await db.select().from(tables.deviceRequestNonces);
    expect(nonces.map((n) => `${n.sessionId === active.id ? "active" : "revoked"}:${n.nonce}`).sort()).toEqual(["active:fresh-nonce", "revoked:stale-nonce"]);
    expect(await db.select().from(tables.auditEvents).where(eq(tables.auditEvents.action, "old"))).toEqual([]);
    expect((await db.select().from(tables.auditEvents).where(eq(tables.auditEvents.action, "user.create"))).length).toBeGreaterThan(0);

    expect(Object.values(await purgeStaleRows(db, clock, policy)).every((n) => n === 0)).toBe(true);
  });
});
