import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { authCall, AUTH_PASSWORD, claimsOf, loginTicket, newAuthUser, sessionStatus } from "#test/support/auth-service.js";
import { allRowCounts } from "#test/support/row-counts.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { requestStatements } from "#test/support/statements.js";

const OK = { success: true, message: "Action handled successfully" };
const ANONYMOUS = { success: true, message: "anonymous", userId: 0, sessionId: "0" };
const LOGIN_FAILED = { success: false, message: "Authentication failed! Wrong username or password" };

describe("auth-service tickets: login, who-am-i, internal authenticate", () => {
  const clock = new ManualClock();
  const queries: string[] = [];
  let server: TestServer;
  const pub = (method: string, path: string, options?: Parameters<typeof authCall>[3]) => authCall(server.publicUrl, method, path, options);
  const internal = (path: string, options?: Parameters<typeof authCall>[3]) => authCall(server.internalUrl, "POST", path, options);

  beforeAll(async () => {
    server = await startTestServer({ clock, onQuery: requestStatements((sql) => queries.push(sql)) });
  });
  afterAll(() => server?.stop());

  describe("POST /system/auth/login", () => {
    it("opens a browser session and answers the ticket: Authentication header and an HttpOnly, Secure, SameSite=Lax session cookie", async () => {
      const user = await newAuthUser(server);
      const { token, cookie, answer } = await loginTicket(server, user.username);
      expect(answer.body).toEqual(OK);
      expect(answer.headers.get("access-control-expose-headers")).toBe("Authentication");
      const raw = answer.headers.getSetCookie().find((c) => c.startsWith("refreshId="))!;
      expect(raw).toMatch(/^refreshId=bearer%20[\w-]+\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect(answer.cookie).not.toHaveProperty("expires");
      expect(answer.cookie).not.toHaveProperty("maxAge");

      const access = claimsOf(token);
      expect(Object.keys(access).sort()).toEqual(["exp", "iat", "iss", "sessionId", "userId"]);
      expect(access).toMatchObject({ userId: user.numericId, iss: `${server.config.publicUrl}/realms/master` });
      expect((access.exp as number) - (access.iat as number)).toBe(600);
      const refresh = claimsOf(cookie);
      expect(Object.keys(refresh).sort()).toEqual(["exp", "iat", "sessionId", "userId"]);
      expect(refresh).toMatchObject({ sessionId: access.sessionId, userId: user.numericId });
      expect(decodeProtectedHeader(token.slice(7))).toMatchObject({ alg: "RS256" });
      expect(decodeProtectedHeader(cookie.slice(7))).toMatchObject({ alg: "HS256" });
      expect(await sessionStatus(server, access.sessionId as string)).toMatchObject({ status: "ACTIVE", kind: "BROWSER" });
    });

    it("signs the access token with the default realm's published key: it verifies offline against the JWKS", async () => {
      const user = await newAuthUser(server);
      const { token } = await loginTicket(server, user.username);
      const jwks = await (await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/certs`)).json();
      const { payload } = await jwtVerify(token.slice(7), createLocalJWKSet(jwks as never), { issuer: `${server.config.publicUrl}/realms/master`, currentDate: clock.now() });
      expect(payload.userId).toBe(user.numericId);
    });

    it("takes the e-mail address as the username too", async () => {
      const user = await newAuthUser(server);
      await loginTicket(server, `${user.username}@example.com`);
    });

    it("answers every credential failure with one 403 message and opens no session", async () => {
      const user = await newAuthUser(server);
      const locked = await newAuthUser(server, { locked: true });
      const inactive = await newAuthUser(server, { active: false });
      const blocked = await newAuthUser(server);
      const block = await server.gql(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "abuse"}) { outcome } }`, { id: blocked.id });
      expect(block.errors).toBeUndefined();
      const before = await allRowCounts(server);
      for (const body of [
        { username: user.username, password: "wrong password" },
        { username: "nobody-at-all", password: AUTH_PASSWORD },
        { username: user.username },
        { password: AUTH_PASSWORD },
        { username: user.username, password: "" },
        {},
        { username: locked.username, password: AUTH_PASSWORD },
        { username: inactive.username, password: AUTH_PASSWORD },
        { username: blocked.username, password: AUTH_PASSWORD },
      ]) {
        const answer = await pub("POST", "/system/auth/login", { body });
        expect(answer.status, JSON.stringify(body)).toBe(403);
        expect(answer.body).toEqual(LOGIN_FAILED);
        expect(answer.headers.get("authentication")).toBeNull();
        expect(answer.cookie).toBeUndefined();
      }
      const noBody = await pub("POST", "/system/auth/login");
      expect([noBody.status, noBody.body]).toEqual([403, LOGIN_FAILED]);
      expect(await allRowCounts(server)).toEqual(before);
    });

    it("answers GET with 404", async () => {
      const answer = await pub("GET", "/system/auth/login");
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ success: false, message: "Not found" });
    });
  });

  describe("POST /system/auth/who-am-i", () => {
    it("answers a valid cookie with a fresh access token and leaves the cookie alone", async () => {
      const user = await newAuthUser(server);
      const { cookie, token } = await loginTicket(server, user.username);
      clock.advance(61_000);
      const answer = await pub("POST", "/system/auth/who-am-i", { cookie });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(OK);
      const fresh = answer.headers.get("authentication")!;
      expect(fresh).toMatch(/^bearer /);
      expect(fresh).not.toBe(token);
      expect(claimsOf(fresh)).toMatchObject({ userId: user.numericId, sessionId: claimsOf(token).sessionId });
      expect(answer.headers.get("access-control-expose-headers")).toBe("Authentication");
      expect(answer.cookie).toBeUndefined();
    });

    it("answers no cookie as anonymous", async () => {
      const answer = await pub("POST", "/system/auth/who-am-i");
      expect([answer.status, answer.body]).toEqual([200, ANONYMOUS]);
      expect(answer.headers.get("authentication")).toBeNull();
    });

    it("refuses the cookie of an ended session with 403 and clears it", async () => {
      const user = await newAuthUser(server);
      const { cookie, token } = await loginTicket(server, user.username);
      const revoked = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: claimsOf(token).sessionId });
      expect(revoked.errors).toBeUndefined();
      const answer = await pub("POST", "/system/auth/who-am-i", { cookie });
      expect([answer.status, answer.body]).toEqual([403, { success: false, message: "Not signed in" }]);
      expect(answer.cookie).toMatchObject({ value: "", httpOnly: true, secure: true, path: "/" });
      expect(answer.cookie!.expires!.getTime()).toBe(0);
    });

    it("refuses a tampered cookie and the access token in the cookie's place", async () => {
      const user = await newAuthUser(server);
      const { cookie, token } = await loginTicket(server, user.username);
      const [head, , signature] = cookie.slice(7).split(".");
      const forged = Buffer.from(JSON.stringify({ ...claimsOf(cookie), userId: 1 })).toString("base64url");
      for (const bad of [`bearer ${head}.${forged}.${signature}`, token]) {
        const answer = await pub("POST", "/system/auth/who-am-i", { cookie: bad });
        expect([answer.status, answer.body]).toEqual([403, { success: false, message: "Authentication failed! The refreshId cookie is not valid" }]);
        expect(answer.cookie?.value).toBe("");
      }
    });
  });

  describe("POST /internal/auth/api/authenticate and /internal/auth/authenticate", () => {
    it("answers a valid ticket with userId, sessionId and a fresh token, on both paths and with either header", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      const sessionId = claimsOf(token).sessionId;
      for (const [path, tokenHeader, value] of [
        ["/internal/auth/api/authenticate", "Authentication", token],
        ["/internal/auth/authenticate", "authorization", token.replace("bearer", "Bearer")],
      ] as const) {
        const answer = await internal(path, { token: value, cookie, tokenHeader });
        expect(answer.status, path).toBe(200);
        expect(answer.body).toEqual({ ...OK, userId: user.numericId, sessionId });
        expect(claimsOf(answer.headers.get("authentication")!)).toMatchObject({ userId: user.numericId, sessionId });
        expect(answer.headers.get("access-control-expose-headers")).toBe("Authentication");
      }
    });

    it("is served on the internal listener only", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      for (const path of ["/internal/auth/api/authenticate", "/internal/auth/authenticate", "/internal/auth/hash"]) {
        const answer = await pub("POST", path, { token, cookie, body: { toHash: "x" } });
        expect(answer.status, path).toBe(404);
        expect(answer.headers.get("authentication")).toBeNull();
      }
    });

    it("answers no ticket at all as anonymous", async () => {
      expect((await internal("/internal/auth/api/authenticate")).body).toEqual(ANONYMOUS);
    });

    it("refuses a token and a cookie of different sessions: Mismatched session", async () => {
      const user = await newAuthUser(server);
      const other = await newAuthUser(server);
      const first = await loginTicket(server, user.username);
      const second = await loginTicket(server, user.username);
      const stranger = await loginTicket(server, other.username);
      for (const cookie of [second.cookie, stranger.cookie]) {
        const answer = await internal("/internal/auth/api/authenticate", { token: first.token, cookie });
        expect([answer.status, answer.body]).toEqual([403, { success: false, message: "Mismatched session" }]);
      }
    });

    it("refuses a tampered token, a token signed with another key, and an OIDC access token", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      const [head, , signature] = token.slice(7).split(".");
      const otherUser = Buffer.from(JSON.stringify({ ...claimsOf(token), userId: user.numericId + 1 })).toString("base64url");
      const grant = await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "password", client_id: "app", username: user.username, password: AUTH_PASSWORD }),
      });
      const oidcToken = ((await grant.json()) as { access_token: string }).access_token;
      for (const bad of [`bearer ${head}.${otherUser}.${signature}`, `bearer ${cookie.slice(7)}`, `bearer ${oidcToken}`]) {
        const answer = await internal("/internal/auth/api/authenticate", { token: bad, cookie });
        expect([answer.status, answer.body]).toEqual([403, { success: false, message: "Authentication failed! The access token is not valid" }]);
      }
    });

    it("refuses the ticket of an ended session at once", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      expect((await internal("/internal/auth/api/authenticate", { token, cookie })).status).toBe(200);
      await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: claimsOf(token).sessionId });
      const answer = await internal("/internal/auth/api/authenticate", { token, cookie });
      expect([answer.status, answer.body]).toEqual([403, { success: false, message: "Not signed in" }]);
    });

    it("accepts an expired access token beside a valid cookie and answers with a fresh one", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      clock.advance(11 * 60_000);
      const answer = await internal("/internal/auth/api/authenticate", { token, cookie });
      expect(answer.status).toBe(200);
      const fresh = claimsOf(answer.headers.get("authentication")!);
      expect(fresh.iat).toBe(Math.floor(clock.now().getTime() / 1000));
      expect(fresh.sessionId).toBe(claimsOf(token).sessionId);
    });

    it("checks a ticket (who-am-i, authenticate) with one SQL statement: the session's row, never cached", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      const whoAmI = () => pub("POST", "/system/auth/who-am-i", { cookie });
      const authenticate = () => internal("/internal/auth/api/authenticate", { token, cookie });
      // The first calls load what is kept in process: the realm, its signing key, the verified signatures.
      await whoAmI();
      await authenticate();
      for (const call of [whoAmI, authenticate, whoAmI, authenticate]) {
        queries.length = 0;
        expect((await call()).status).toBe(200);
        expect(queries).toHaveLength(1);
        expect(queries[0]).toMatch(/from "sessions" inner join "users"/);
      }
    });

    it("refuses a user who was deactivated or locked after the login", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      const locked = await server.gql(`mutation($id: ID!) { updateUser(id: $id, input: {locked: true}) { id } }`, { id: user.id });
      expect(locked.errors).toBeUndefined();
      const answer = await internal("/internal/auth/api/authenticate", { token, cookie });
      expect([answer.status, answer.body.message]).toEqual([403, "Not signed in"]);
    });

    it("ends with the session's 30 days: past them the ticket is refused", async () => {
      const user = await newAuthUser(server);
      const { token, cookie } = await loginTicket(server, user.username);
      clock.advance(30 * 24 * 3600_000 + 1000);
      const answer = await internal("/internal/auth/api/authenticate", { token, cookie });
      expect([answer.status, answer.body.message]).toEqual([403, "Not signed in"]);
      // who-am-i answers an expired cookie as anonymous, and clears it.
      const whoAmI = await pub("POST", "/system/auth/who-am-i", { cookie });
      expect([whoAmI.status, whoAmI.body]).toEqual([200, ANONYMOUS]);
      expect(whoAmI.cookie?.value).toBe("");
    });
  });
});

describe("the same ticket operations in the graph", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const LOGIN = `mutation($u: String, $p: String) { authTicketLogin(input: {username: $u, password: $p}) { userId sessionId accessToken refreshToken sessionExpiresAt } }`;
  const CHECK = `query($a: String, $r: String) { authTicket(input: {accessToken: $a, refreshToken: $r}) { userId sessionId accessToken } }`;

  it("logs in anonymously, checks the ticket, and ends all sessions but one, under the usual rules", async () => {
    const user = await newAuthUser(server);
    const refused = await server.gql(LOGIN, { u: user.username, p: "wrong" }, null);
    expect(refused.errors?.[0]?.extensions?.code).toBe("AUTH_TICKET_INVALID_CREDENTIALS");
    const first = (await server.gql(LOGIN, { u: user.username, p: AUTH_PASSWORD }, null)).data!.authTicketLogin;
    const second = (await server.gql(LOGIN, { u: user.username, p: AUTH_PASSWORD }, null)).data!.authTicketLogin;
    expect(first).toMatchObject({ userId: user.numericId, sessionId: expect.any(String) });
    expect(new Date(first.sessionExpiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);

    const whoAmI = await server.gql(CHECK, { r: `bearer ${first.refreshToken}` }, null);
    expect(whoAmI.data!.authTicket).toMatchObject({ userId: user.numericId, sessionId: first.sessionId, accessToken: expect.any(String) });
    expect((await server.gql(CHECK, {}, null)).data!.authTicket).toBeNull();
    const mismatched = await server.gql(CHECK, { a: first.accessToken, r: second.refreshToken }, null);
    expect(mismatched.errors?.[0]?.extensions?.code).toBe("AUTH_TICKET_MISMATCHED_SESSION");

    const others = await server.gql(`mutation($u: ID!, $keep: ID!) { revokeAllUserSessions(userId: $u, reasonCode: "support", exceptSessionId: $keep) { outcome sessionIds } }`, { u: user.id, keep: first.sessionId });
    expect(others.data!.revokeAllUserSessions).toEqual({ outcome: "REVOKED", sessionIds: [second.sessionId] });
    expect((await server.gql(CHECK, { a: first.accessToken, r: first.refreshToken }, null)).data!.authTicket.sessionId).toBe(first.sessionId);
    const ended = await server.gql(CHECK, { a: second.accessToken, r: second.refreshToken }, null);
    expect(ended.errors?.[0]?.extensions?.code).toBe("AUTH_TICKET_NOT_SIGNED_IN");
  });
});

describe("a ticket's access token as the graph's bearer", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("acts as the ticket's user: their own sessions only, refused once the session ends", async () => {
    const user = await newAuthUser(server);
    const other = await newAuthUser(server);
    const { token } = await loginTicket(server, user.username);
    const bearer = token.slice("bearer ".length);
    const second = await loginTicket(server, user.username);
    const stranger = await loginTicket(server, other.username);
    const mine = await server.gql(`query($u: ID!) { userSessions(userId: $u, status: ACTIVE) { nodes { id } } }`, { u: user.id }, bearer);
    expect(mine.data!.userSessions.nodes.map((n: { id: string }) => n.id).sort()).toEqual([claimsOf(token).sessionId, claimsOf(second.token).sessionId].sort());
    const theirs = await server.gql(`query($u: ID!) { userSessions(userId: $u) { nodes { id } } }`, { u: other.id }, bearer);
    expect(theirs.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const foreign = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "x") { outcome } }`, { id: claimsOf(stranger.token).sessionId }, bearer);
    expect(foreign.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const own = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "logout") { outcome session { revokeActorType revokeActorId } } }`, { id: claimsOf(token).sessionId }, bearer);
    expect(own.data!.revokeSession).toEqual({ outcome: "REVOKED", session: { revokeActorType: "user", revokeActorId: user.id } });
    const after = await server.gql(`query($u: ID!) { userSessions(userId: $u) { nodes { id } } }`, { u: user.id }, bearer);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("AUTH_COOKIE_SECURE=false (plain-HTTP development)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { AUTH_COOKIE_SECURE: "false" } });
  });
  afterAll(() => server?.stop());

  it("drops only the Secure flag of the refreshId cookie, when set and when cleared", async () => {
    const user = await newAuthUser(server);
    const { answer, token, cookie } = await loginTicket(server, user.username);
    expect(answer.headers.getSetCookie().find((c) => c.startsWith("refreshId="))).toMatch(/^refreshId=bearer%20[\w.-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const logout = await authCall(server.publicUrl, "POST", "/system/auth/api/logout", { token, cookie });
    expect(logout.headers.getSetCookie().find((c) => c.startsWith("refreshId="))).toBe("refreshId=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax");
  });
});
