import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import type { Clock } from "#src/services/clock/index.js";
import { DomainError } from "#src/services/errors/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { createUser, openSessions } from "./support.js";

const REVOKE = `mutation($id: ID!, $reason: String!) { revokeSession(id: $id, reasonCode: $reason) { outcome session { revokeReasonCode } } }`;
const CREATES = 20;

/** Real time, but no two readings equal: which transaction read the clock first shows in the rows. */
const strictClock: Clock = (() => {
  let last = 0;
  return { now: () => new Date((last = Math.max(Date.now(), last + 1))) };
})();

describe("session races", () => {
  let server: TestServer;
  let n = 0;
  const newUser = () => createUser(server, { username: `race-${++n}`, email: `race-${n}@example.com` });
  const sessionsOf = (userId: string) => server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, userId));
  const createMany = (userId: string) =>
    Array.from({ length: CREATES }, () =>
      server.services.sessions.create({ userId, kind: "token" }).then(
        (row) => ({ ok: true as const, id: row.id }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );

  beforeAll(async () => {
    server = await startTestServer({ clock: strictClock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it.each([1, 2, 3])("revoke-all racing with new logins (round %i): every session is either reported and revoked, or created after and active", async () => {
    const user = await newUser();
    const before = await openSessions(server, user.id, 3);
    const creates = createMany(user.id);
    const revokeAll = server.services.sessions.revokeAllOfUser(user.id, "security_review", { type: "admin" });
    const [result, ...created] = await Promise.all([revokeAll, ...creates]);

    expect(created.every((c) => c.ok)).toBe(true);
    const reported = new Set(result.sessionIds);
    expect(reported.size).toBe(result.sessionIds.length);
    for (const id of before) expect(reported.has(id)).toBe(true);

    const [userRow] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    const rows = await sessionsOf(user.id);
    expect(rows).toHaveLength(before.length + CREATES);
    for (const row of rows) {
      if (reported.has(row.id)) {
        expect(row).toMatchObject({ status: "revoked", revokeReasonCode: "security_review" });
      } else {
        // Not reported: it must have started after the revoke, so it is live and its tokens are not cut off.
        expect(row.status).toBe("active");
        expect(row.createdAt.getTime()).toBeGreaterThan(userRow!.notBefore!.getTime());
      }
    }
    expect(result.outcome).toBe("revoked");
  });

  it("block racing with new logins: every session that opened is reported and revoked, the rest are refused", async () => {
    const user = await newUser();
    const before = await openSessions(server, user.id, 2);
    const creates = createMany(user.id);
    const block = server.services.blocks.block({ kind: "user_id", userId: user.id }, "fraud", { type: "admin" });
    const [result, ...created] = await Promise.all([block, ...creates]);

    expect(result.outcome).toBe("blocked");
    const opened = created.flatMap((c) => (c.ok ? [c.id] : []));
    for (const c of created) {
      if (c.ok) continue;
      expect(c.error).toBeInstanceOf(DomainError);
      expect(c.error).toMatchObject({ code: "FORBIDDEN", message: "subject is blocked" });
    }
    expect(new Set(result.sessionIds)).toEqual(new Set([...before, ...opened]));
    const rows = await sessionsOf(user.id);
    expect(rows.filter((r) => r.status === "active")).toEqual([]);
    expect(rows).toHaveLength(before.length + opened.length);
  });

  it("two concurrent revokes of one session over GraphQL: exactly one revoked, one already_revoked", async () => {
    const user = await newUser();
    const [id] = await openSessions(server, user.id, 1);
    const results = await Promise.all([server.gql(REVOKE, { id, reason: "first" }), server.gql(REVOKE, { id, reason: "second" })]);
    const outcomes = results.map((r) => r.data!.revokeSession.outcome).sort();
    expect(outcomes).toEqual(["ALREADY_REVOKED", "REVOKED"]);
    const winner = results.find((r) => r.data!.revokeSession.outcome === "REVOKED")!.data!.revokeSession.session.revokeReasonCode;
    const [row] = await sessionsOf(user.id);
    expect(row!.revokeReasonCode).toBe(winner);
    for (const r of results) expect(r.data!.revokeSession.session.revokeReasonCode).toBe(winner);
  });

  it("ten concurrent revokes of one session in the service: one revoked, nine already_revoked, one audit event", async () => {
    const user = await newUser();
    const [id] = await openSessions(server, user.id, 1);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => server.services.sessions.revoke(id!, `reason-${i}`, { type: "admin" })));
    expect(results.filter((r) => r.outcome === "revoked")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "already_revoked")).toHaveLength(9);
    const audit = await server.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.subjectId, id!));
    expect(audit.map((a) => a.action)).toEqual(["session.revoke"]);
  });
});
