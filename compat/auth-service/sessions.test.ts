import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { authCall, claimsOf, loginTicket, newAuthUser, sessionStatus, type Ticket } from "#test/support/auth-service.js";
import { allRowCounts } from "#test/support/row-counts.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const OK = { success: true, message: "Action handled successfully" };
const NOT_YOURS = { success: false, message: "No such session among yours: a user can end only their own sessions" };
const FORMS = ["api", "secure"] as const;
/** The document's DELETE, the deployed service's POST. */
const CLEAR_ONE = { api: "DELETE", secure: "POST" } as const;

describe("auth-service sessions: logout, clear-session-by-id, clear-all-sessions-except-themselves, list-sessions", () => {
  const clock = new ManualClock();
  let server: TestServer;
  const call = (method: string, path: string, ticket?: Partial<Ticket>, body?: unknown) =>
    authCall(server.publicUrl, method, `/system/auth${path}`, { token: ticket?.token, cookie: ticket?.cookie, body });
  const sessionOf = (ticket: Ticket) => claimsOf(ticket.token).sessionId as string;
  const signedIn = async () => {
    const user = await newAuthUser(server);
    return { user, ticket: await loginTicket(server, user.username) };
  };
  const authenticates = async (ticket: Ticket) => (await authCall(server.internalUrl, "POST", "/internal/auth/api/authenticate", ticket)).status === 200;

  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.stop());

  describe.each(FORMS)("the %s/ form", (form) => {
    it("logout ends the ticket's session through the graph, with its reason and the user as actor, and clears the cookie", async () => {
      const { user, ticket } = await signedIn();
      const answer = await call("POST", `/${form}/logout`, ticket);
      expect([answer.status, answer.body]).toEqual([200, OK]);
      expect(answer.cookie).toMatchObject({ value: "", httpOnly: true, path: "/" });
      expect(await sessionStatus(server, sessionOf(ticket))).toMatchObject({ status: "REVOKED", revokeReasonCode: "logout", revokeActorType: "user", revokeActorId: user.id });
      expect(await authenticates(ticket)).toBe(false);
      expect((await call("POST", `/${form}/logout`, ticket)).body).toEqual({ success: false, message: "Not signed in" });
    });

    it("list-sessions lists the caller's active sessions only", async () => {
      const { user, ticket } = await signedIn();
      const second = await loginTicket(server, user.username);
      const ended = await loginTicket(server, user.username);
      await call("POST", `/${form}/logout`, ended);
      await signedIn(); // another user's session
      const answer = await call("GET", `/${form}/list-sessions`, ticket);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject(OK);
      expect(answer.body.sessions.sort()).toEqual([sessionOf(ticket), sessionOf(second)].sort());
    });

    it("clear-session-by-id ends one of the caller's other sessions", async () => {
      const { user, ticket } = await signedIn();
      const other = await loginTicket(server, user.username);
      const answer = await call(CLEAR_ONE[form], `/${form}/clear-session-by-id`, ticket, { sessionId: sessionOf(other) });
      expect([answer.status, answer.body]).toEqual([200, OK]);
      expect(answer.cookie).toBeUndefined();
      expect(await sessionStatus(server, sessionOf(other))).toMatchObject({ status: "REVOKED", revokeReasonCode: "clear_session_by_id", revokeActorId: user.id });
      expect(await authenticates(other)).toBe(false);
      expect(await authenticates(ticket)).toBe(true);
    });

    it("clear-session-by-id refuses another user's session, or an unknown one, with 403 and revokes nothing", async () => {
      const { ticket } = await signedIn();
      const victim = await signedIn();
      const before = await allRowCounts(server);
      for (const sessionId of [sessionOf(victim.ticket), "0190f0c0-0000-7000-8000-000000000001", "not-a-session-id"]) {
        const answer = await call(CLEAR_ONE[form], `/${form}/clear-session-by-id`, ticket, { sessionId });
        expect([answer.status, answer.body]).toEqual([403, NOT_YOURS]);
      }
      expect(await sessionStatus(server, sessionOf(victim.ticket))).toMatchObject({ status: "ACTIVE" });
      expect(await authenticates(victim.ticket)).toBe(true);
      expect(await allRowCounts(server)).toEqual(before);
    });

    it("clear-session-by-id of the current session is a logout: the cookie goes too", async () => {
      const { ticket } = await signedIn();
      const answer = await call(CLEAR_ONE[form], `/${form}/clear-session-by-id`, ticket, { sessionId: sessionOf(ticket) });
      expect(answer.status).toBe(200);
      expect(answer.cookie?.value).toBe("");
      expect(await authenticates(ticket)).toBe(false);
    });

    it("clear-all-sessions-except-themselves ends every other session of the caller, and no one else's", async () => {
      const { user, ticket } = await signedIn();
      const others = [await loginTicket(server, user.username), await loginTicket(server, user.username)];
      const stranger = await signedIn();
      const answer = await call("POST", `/${form}/clear-all-sessions-except-themselves`, ticket);
      expect([answer.status, answer.body]).toEqual([200, OK]);
      for (const other of others) {
        expect(await sessionStatus(server, sessionOf(other))).toMatchObject({ status: "REVOKED", revokeReasonCode: "clear_other_sessions", revokeActorId: user.id });
        expect(await authenticates(other)).toBe(false);
      }
      expect(await authenticates(ticket)).toBe(true);
      expect(await authenticates(stranger.ticket)).toBe(true);
      expect((await call("GET", `/${form}/list-sessions`, ticket)).body.sessions).toEqual([sessionOf(ticket)]);
    });

    it("answers no ticket, or half a ticket, as anonymous, as the deployed service does, and ends nothing", async () => {
      const { ticket } = await signedIn();
      const anonymousAnswer = { status: 200, body: { success: true, message: "anonymous", userId: 0, sessionId: "0" } };
      expect(await call("GET", `/${form}/list-sessions`)).toMatchObject(anonymousAnswer);
      expect(await call("GET", `/${form}/list-sessions`, { token: ticket.token })).toMatchObject(anonymousAnswer);
      expect(await call("POST", `/${form}/logout`, { cookie: ticket.cookie })).toMatchObject(anonymousAnswer);
      expect(await call("POST", `/${form}/logout`, { token: ticket.token })).toMatchObject(anonymousAnswer);
      expect(await authenticates(ticket)).toBe(true);
    });

    it("works with an expired access token and a valid cookie, and hands out a fresh token", async () => {
      const { ticket } = await signedIn();
      const fresh = await call("GET", `/${form}/list-sessions`, ticket);
      expect(fresh.headers.get("authentication")).toBeNull();
      clock.advance(10 * 60_000 + 1000);
      const answer = await call("GET", `/${form}/list-sessions`, ticket);
      expect(answer.status).toBe(200);
      expect(answer.body.sessions).toEqual([sessionOf(ticket)]);
      expect(claimsOf(answer.headers.get("authentication")!)).toMatchObject({ sessionId: sessionOf(ticket), iat: Math.floor(clock.now().getTime() / 1000) });
      expect(answer.headers.get("access-control-expose-headers")).toBe("Authentication");
    });
  });

  it("serves the document's spelling clear-all-session-except-themselves too", async () => {
    const { user, ticket } = await signedIn();
    const other = await loginTicket(server, user.username);
    expect((await call("POST", "/api/clear-all-session-except-themselves", ticket)).body).toEqual(OK);
    expect(await authenticates(other)).toBe(false);
  });

  describe("one session graph across contracts", () => {
    it("refuses here a session ended by Galaxy's revoke", async () => {
      const { ticket } = await signedIn();
      const revoke = await fetch(`${server.internalUrl}/api/v1/internal/sessions/${sessionOf(ticket)}/revoke`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason_code: "fraud", actor: { type: "admin", id: "support-1" } }),
      });
      expect(revoke.status).toBe(200);
      expect((await call("GET", "/secure/list-sessions", ticket)).body).toEqual({ success: false, message: "Not signed in" });
      expect((await call("POST", "/who-am-i", { cookie: ticket.cookie })).status).toBe(403);
    });

    it("refuses here every session ended by Galaxy's revoke-all, and shows there a session ended here", async () => {
      const { user, ticket } = await signedIn();
      const other = await loginTicket(server, user.username);
      await call("POST", "/api/logout", other);
      const galaxy = await (await fetch(`${server.internalUrl}/api/v1/internal/sessions/${sessionOf(other)}`)).json();
      expect(galaxy).toMatchObject({ session: { device_session_id: sessionOf(other), user_id: user.id, status: "revoked", revoke_reason_code: "logout", revoke_actor_type: "user" } });
      const all = await fetch(`${server.internalUrl}/api/v1/internal/users/${user.id}/sessions/revoke-all`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason_code: "password_reset", actor: { type: "system" } }),
      });
      expect(((await all.json()) as { affected_device_session_ids: string[] }).affected_device_session_ids).toEqual([sessionOf(ticket)]);
      expect(await authenticates(ticket)).toBe(false);
    });

    it("lists the auth-service sessions in the graph as the user's browser sessions", async () => {
      const { user, ticket } = await signedIn();
      const res = await server.gql(`query($id: ID!) { userSessions(userId: $id, status: ACTIVE) { nodes { id kind } } }`, { id: user.id });
      expect(res.data!.userSessions.nodes).toEqual([{ id: sessionOf(ticket), kind: "BROWSER" }]);
    });
  });
});
