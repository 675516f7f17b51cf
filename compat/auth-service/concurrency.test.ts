import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { authCall, claimsOf, loginTicket, newAuthUser, AUTH_PASSWORD, type Ticket } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

/**
 * Many requests for one user at once. PGlite runs them one at a time; on PostgreSQL they
 * interleave, which is where a lock-order fault shows up as a deadlock and a 500.
 */
describe("auth-service under concurrent requests of one user", () => {
  let server: TestServer;
  const sessionOf = (ticket: Ticket) => claimsOf(ticket.token).sessionId as string;
  const sessionsOf = (userId: string) => server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, userId));
  const post = (method: string, path: string, ticket: Ticket, body?: unknown) => authCall(server.publicUrl, method, `/system/auth${path}`, { ...ticket, body });

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("16 logins at once: 16 × 200, 16 distinct live browser sessions", async () => {
    const user = await newAuthUser(server);
    const answers = await Promise.all(Array.from({ length: 16 }, () => authCall(server.publicUrl, "POST", "/system/auth/login", { body: { username: user.username, password: AUTH_PASSWORD } })));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    const ids = new Set(answers.map((a) => claimsOf(a.headers.get("authentication")!).sessionId));
    expect(ids.size).toBe(16);
    const rows = await sessionsOf(user.id);
    expect(new Set(rows.map((r) => r.id))).toEqual(ids);
    expect(rows.every((r) => r.kind === "browser" && r.status === "active")).toBe(true);
  });

  it("clear-session-by-id of one session from many sessions at once: no 5xx, that session ended once, no other", async () => {
    const user = await newAuthUser(server);
    const target = await loginTicket(server, user.username);
    const callers = await Promise.all(Array.from({ length: 5 }, () => loginTicket(server, user.username)));
    const answers = await Promise.all(callers.flatMap((caller) => [post("DELETE", "/api/clear-session-by-id", caller, { sessionId: sessionOf(target) }), post("POST", "/secure/clear-session-by-id", caller, { sessionId: sessionOf(target) })]));
    expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(200));
    const rows = await sessionsOf(user.id);
    expect(rows.filter((r) => r.status === "revoked").map((r) => r.id)).toEqual([sessionOf(target)]);
    // Ended once: the revokes that found it ended already wrote nothing.
    const audits = await server.database.db
      .select({ id: tables.auditEvents.id })
      .from(tables.auditEvents)
      .where(and(eq(tables.auditEvents.action, "session.revoke"), eq(tables.auditEvents.subjectId, sessionOf(target))));
    expect(audits).toHaveLength(1);
  });

  it("clear-all-sessions-except-themselves racing logins, logouts and single clears: no 5xx, the caller's session stands, every session older than the call ends", async () => {
    const user = await newAuthUser(server);
    const caller = await loginTicket(server, user.username);
    const older = await Promise.all(Array.from({ length: 6 }, () => loginTicket(server, user.username)));
    const racing = await Promise.all([
      post("POST", "/api/clear-all-sessions-except-themselves", caller),
      post("POST", "/secure/clear-all-sessions-except-themselves", caller),
      ...older.slice(0, 3).map((t) => post("POST", "/api/logout", t)),
      ...older.slice(3).map((t) => post("DELETE", "/api/clear-session-by-id", caller, { sessionId: sessionOf(t) })),
      ...Array.from({ length: 4 }, () => authCall(server.publicUrl, "POST", "/system/auth/login", { body: { username: user.username, password: AUTH_PASSWORD } })),
    ]);
    for (const answer of racing) {
      expect(answer.status).toBeLessThan(500);
      // A logout that lost the race finds its session already ended: "Not signed in", never an error.
      if (answer.status !== 200) expect(answer.body).toEqual({ success: false, message: "Not signed in" });
    }
    const rows = new Map((await sessionsOf(user.id)).map((r) => [r.id, r]));
    expect(rows.get(sessionOf(caller))!.status).toBe("active");
    for (const t of older) expect(rows.get(sessionOf(t))!.status).toBe("revoked");
    expect(rows.size).toBe(1 + older.length + 4);
    const listed = await post("GET", "/api/list-sessions", caller);
    const active = [...rows.values()].filter((r) => r.status === "active").map((r) => r.id);
    expect(listed.body.sessions.sort()).toEqual(active.sort());
  });
});
