import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { codeOf, createUser, openSessions } from "./support.js";

const SESSION_FIELDS = `id userId kind status clientId clientPublicKey createdAt lastAccessAt expiresAt ip userAgent revokedAt revokeReasonCode revokeActorType revokeActorId`;
const USER_SESSIONS = `query($userId: ID!, $first: Int!, $after: String, $status: SessionStatus) {
  userSessions(userId: $userId, first: $first, after: $after, status: $status) { nodes { id status } endCursor hasNextPage }
}`;
const REVOKE = `mutation($id: ID!, $reason: String!, $actor: ActorInput) {
  revokeSession(id: $id, reasonCode: $reason, actor: $actor) { outcome session { id status revokedAt revokeReasonCode revokeActorType revokeActorId } }
}`;
const REVOKE_ALL = `mutation($userId: ID!, $reason: String!, $actor: ActorInput) {
  revokeAllUserSessions(userId: $userId, reasonCode: $reason, actor: $actor) { outcome userId sessionIds }
}`;

describe("sessions", () => {
  let server: TestServer;
  const clock = new ManualClock(new Date("2026-05-10T08:00:00.000Z"));
  let n = 0;
  const newUser = () => createUser(server, { username: `sess-${++n}` });
  const sessionRow = async (id: string) => (await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, id)))[0]!;

  beforeAll(async () => {
    server = await startTestServer({ clock, env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("reads one session with every field", async () => {
    const user = await newUser();
    const row = await server.services.sessions.create({ userId: user.id, kind: "token", clientId: "app", ip: "203.0.113.7", userAgent: "curl/8", lifetimeSeconds: 3600 });
    const res = await server.gql(`query($id: ID!) { session(id: $id) { ${SESSION_FIELDS} } }`, { id: row.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.session).toEqual({
      id: row.id,
      userId: user.id,
      kind: "TOKEN",
      status: "ACTIVE",
      clientId: "app",
      clientPublicKey: null,
      createdAt: clock.now().toISOString(),
      lastAccessAt: clock.now().toISOString(),
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      ip: "203.0.113.7",
      userAgent: "curl/8",
      revokedAt: null,
      revokeReasonCode: null,
      revokeActorType: null,
      revokeActorId: null,
    });
  });

  it("answers null for an unknown or malformed session id", async () => {
    const res = await server.gql(`{ a: session(id: "01900000-0000-7000-8000-000000000000") { id } b: session(id: "nope") { id } }`);
    expect(res).toEqual({ data: { a: null, b: null } });
  });

  it("lists a user's sessions newest first, in pages without gaps or repeats, also among equal times", async () => {
    const user = await newUser();
    const other = await newUser();
    await openSessions(server, other.id, 2);
    const created: string[] = [];
    for (let i = 0; i < 8; i++) {
      if (i % 3 === 0) clock.advance(1_000); // several sessions share a creation time
      created.push(...(await openSessions(server, user.id, 1)));
    }
    const newestFirst = [...created].reverse();

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const res: any = await server.gql(USER_SESSIONS, { userId: user.id, first: 3, after });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.userSessions.nodes.map((s: { id: string }) => s.id));
      if (!res.data.userSessions.hasNextPage) {
        expect(page).toBe(2);
        expect(res.data.userSessions.endCursor).toBeNull();
        break;
      }
      after = res.data.userSessions.endCursor;
    }
    expect(seen).toEqual(newestFirst);

    const all = await server.gql(`query($id: ID!) { user(id: $id) { sessions { id } } }`, { id: user.id });
    expect(all.data!.user.sessions.map((s: { id: string }) => s.id)).toEqual(newestFirst);
  });

  it("filters a user's sessions by status", async () => {
    const user = await newUser();
    const [a, b, c] = await openSessions(server, user.id, 3);
    await server.gql(REVOKE, { id: b, reason: "test" });
    const active = await server.gql(USER_SESSIONS, { userId: user.id, first: 10, status: "ACTIVE" });
    expect(active.data!.userSessions.nodes).toEqual([{ id: c, status: "ACTIVE" }, { id: a, status: "ACTIVE" }]);
    const revoked = await server.gql(USER_SESSIONS, { userId: user.id, first: 10, status: "REVOKED" });
    expect(revoked.data!.userSessions.nodes).toEqual([{ id: b, status: "REVOKED" }]);
  });

  it("revokes one session with its reason and actor; a second revoke says already_revoked and keeps the first", async () => {
    const user = await newUser();
    const [id] = await openSessions(server, user.id, 1);
    clock.advance(5_000);
    const revokedAt = clock.now().toISOString();
    const first = await server.gql(REVOKE, { id, reason: "user_logout", actor: { type: "support", id: "agent-7" } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.revokeSession).toEqual({
      outcome: "REVOKED",
      session: { id, status: "REVOKED", revokedAt, revokeReasonCode: "user_logout", revokeActorType: "support", revokeActorId: "agent-7" },
    });

    clock.advance(5_000);
    const second = await server.gql(REVOKE, { id, reason: "fraud" });
    expect(second.data!.revokeSession).toEqual({ outcome: "ALREADY_REVOKED", session: first.data!.revokeSession.session });
    expect(await sessionRow(id!)).toMatchObject({ status: "revoked", revokeReasonCode: "user_logout", revokeActorType: "support", revokeActorId: "agent-7" });
  });

  it("records the caller as the actor when none is named", async () => {
    const user = await newUser();
    const [id] = await openSessions(server, user.id, 1);
    const res = await server.gql(REVOKE, { id, reason: "admin_action" });
    expect(res.data!.revokeSession.session).toMatchObject({ revokeReasonCode: "admin_action", revokeActorType: "admin", revokeActorId: null });
  });

  it("answers SESSION_NOT_FOUND when revoking a session that does not exist", async () => {
    for (const id of ["01900000-0000-7000-8000-000000000000", "not-an-id"]) {
      expect(codeOf(await server.gql(REVOKE, { id, reason: "x" }))).toBe("SESSION_NOT_FOUND");
    }
  });

  it("revokes every active session of a user, reports them newest first, and leaves earlier revokes alone", async () => {
    const user = await newUser();
    const bystander = await newUser();
    const [bystanderSession] = await openSessions(server, bystander.id, 1);
    const [old] = await openSessions(server, user.id, 1);
    await server.gql(REVOKE, { id: old, reason: "earlier" });
    const active: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(1_000);
      active.push(...(await openSessions(server, user.id, 1, "device")));
    }
    clock.advance(1_000);
    const res = await server.gql(REVOKE_ALL, { userId: user.id, reason: "password_reset", actor: { type: "user_support", id: "ticket-42" } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokeAllUserSessions).toEqual({ outcome: "REVOKED", userId: user.id, sessionIds: [...active].reverse() });

    for (const id of active) {
      expect(await sessionRow(id)).toMatchObject({ status: "revoked", revokedAt: clock.now(), revokeReasonCode: "password_reset", revokeActorType: "user_support", revokeActorId: "ticket-42" });
    }
    expect(await sessionRow(old!)).toMatchObject({ status: "revoked", revokeReasonCode: "earlier" });
    expect((await sessionRow(bystanderSession!)).status).toBe("active");
    const [userRow] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    expect(userRow!.notBefore).toEqual(clock.now());

    const again = await server.gql(REVOKE_ALL, { userId: user.id, reason: "again" });
    expect(again.data!.revokeAllUserSessions).toEqual({ outcome: "NO_ACTIVE_SESSIONS", userId: user.id, sessionIds: [] });
  });

  it("answers SUBJECT_NOT_FOUND when revoking all sessions of a user that does not exist", async () => {
    const res = await server.gql(REVOKE_ALL, { userId: "01900000-0000-7000-8000-000000000000", reason: "x" });
    expect(codeOf(res)).toBe("SUBJECT_NOT_FOUND");
  });

  it("requires a reason code", async () => {
    const user = await newUser();
    const [id] = await openSessions(server, user.id, 1);
    const res = await server.gql(REVOKE, { id, reason: "" });
    expect(codeOf(res)).toBe("BAD_USER_INPUT");
    expect((await sessionRow(id!)).status).toBe("active");
  });
});
