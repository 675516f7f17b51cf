import { decodeJwt } from "jose";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, passwordGrant, postForm, protocolUrl, refresh, TOKEN_PATH, userinfo, type TokenBody } from "#test/oidc/support.js";

describe("OIDC token endpoint: refresh grant", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  const clock = new ManualClock();

  const login = async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    expect(res.status).toBe(200);
    return { user, tokens: res.body as TokenBody };
  };
  const sessionRow = async (id: string) => (await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, id)))[0]!;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    spec = await lacpassSpec();
    expect((await server.gql(`mutation { createClient(input: {clientId: "other", public: true, grants: ["password", "refresh_token"]}) { client { id } } }`)).errors).toBeUndefined();
    expect((await server.gql(`mutation { createClient(input: {clientId: "password-only", public: true, grants: ["password"]}) { client { id } } }`)).errors).toBeUndefined();
  });
  afterAll(() => server?.stop());

  it("issues new tokens for the same session and extends it", async () => {
    const { tokens } = await login();
    const before = await sessionRow(tokens.session_state);
    clock.advance(60_000);
    const res = await refresh(server, tokens.refresh_token);
    expect(res.status).toBe(200);
    spec.expectResponse("POST", TOKEN_PATH, 200, res.body);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.session_state).toBe(tokens.session_state);
    expect(res.body.scope).toBe("openid profile email");
    expect(res.body.id_token).toEqual(expect.any(String));
    expect(res.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(decodeJwt(res.body.access_token).iat).toBe(decodeJwt(tokens.access_token).iat! + 60);
    const after = await sessionRow(tokens.session_state);
    expect(after.lastAccessAt.getTime()).toBe(before.lastAccessAt.getTime() + 60_000);
  });

  it("may narrow the scope but never widen it", async () => {
    const { tokens } = await login();
    const narrowed = await refresh(server, tokens.refresh_token, { scope: "profile" });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe("profile email");
    expect(narrowed.body.id_token).toBeUndefined();
    const widened = await refresh(server, narrowed.body.refresh_token, { scope: "openid" });
    expect(widened.status).toBe(400);
    spec.expectError(widened.body, "invalid_scope", "Invalid scopes: openid");
  });

  it("answers a missing refresh token 400 invalid_request No refresh token", async () => {
    const res = await postForm(protocolUrl(server, "master", "/token"), { grant_type: "refresh_token", client_id: "app" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_request", "No refresh token");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers garbage, an access token or an ID token as a refresh token 400 Invalid refresh token", async () => {
    const { tokens } = await login();
    for (const garbage of ["garbage", "a.b.c", tokens.access_token, tokens.id_token!]) {
      const res = await refresh(server, garbage);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_grant", "Invalid refresh token");
    }
  });

  it("answers an expired refresh token 400 Token is not active", async () => {
    const { tokens } = await login();
    clock.advance(1801_000);
    const res = await refresh(server, tokens.refresh_token);
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Token is not active");
  });

  it("answers another client's refresh token 400 with Keycloak's message", async () => {
    const { tokens } = await login();
    const res = await refresh(server, tokens.refresh_token, { client_id: "other" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match");
  });

  it("refuses the refresh grant to a client not allowed it", async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email, { client_id: "password-only" });
    expect(res.status).toBe(200);
    const again = await refresh(server, res.body.refresh_token, { client_id: "password-only" });
    expect(again.status).toBe(400);
    spec.expectError(again.body, "unauthorized_client", "Client not allowed for refresh token grant");
  });

  it("answers Session not active, and userinfo 401, once the session is revoked through the graph", async () => {
    const { tokens } = await login();
    expect((await userinfo(server, tokens.access_token)).status).toBe(200);
    const revoked = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: tokens.session_state });
    expect(revoked.data!.revokeSession.outcome).toBe("REVOKED");
    const res = await refresh(server, tokens.refresh_token);
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Session not active");
    const info = await userinfo(server, tokens.access_token);
    expect(info.status).toBe(401);
    expect(info.body).toEqual({ error: "unauthorized", error_description: "Session not active" });
  });

  it("answers Session not active after revoke-all of the user, for every session", async () => {
    const user = await newUser(server);
    const first = await passwordGrant(server, user.email);
    const second = await passwordGrant(server, user.email);
    expect((await server.gql(`mutation($id: ID!) { revokeAllUserSessions(userId: $id, reasonCode: "support") { sessionIds } }`, { id: user.id })).errors).toBeUndefined();
    for (const login of [first, second]) {
      const res = await refresh(server, login.body.refresh_token);
      spec.expectError(res.body, "invalid_grant", "Session not active");
      expect((await userinfo(server, login.body.access_token)).status).toBe(401);
    }
    const fresh = await passwordGrant(server, user.email);
    expect((await userinfo(server, fresh.body.access_token)).status).toBe(200);
  });

  it("ends a session left idle past the realm's idle timeout, and at its maximum lifetime", async () => {
    const idle = await login();
    clock.advance(1799_000);
    const kept = await refresh(server, idle.tokens.refresh_token);
    expect(kept.status).toBe(200);
    clock.advance(1801_000);
    const late = await refresh(server, kept.body.refresh_token);
    expect(late.status).toBe(400);
    expect(late.body.error_description).toBe("Token is not active");

    expect((await server.gql(`mutation { updateRealm(name: "master", input: {ssoSessionMaxLifespan: 3600}) { id } }`)).errors).toBeUndefined();
    try {
      let current = (await login()).tokens;
      for (let i = 0; i < 3; i++) {
        clock.advance(1000_000);
        const res = await refresh(server, current.refresh_token);
        expect(res.status).toBe(200);
        expect(res.body.refresh_expires_in).toBeLessThanOrEqual(3600 - 1000 * (i + 1));
        current = res.body;
      }
      clock.advance(700_000);
      const res = await refresh(server, current.refresh_token);
      expect(res.status).toBe(400);
    } finally {
      await server.gql(`mutation { updateRealm(name: "master", input: {ssoSessionMaxLifespan: 36000}) { id } }`);
    }
  });

  it("keeps older refresh tokens usable while revokeRefreshToken is off", async () => {
    const { tokens } = await login();
    for (let i = 0; i < 3; i++) expect((await refresh(server, tokens.refresh_token)).status).toBe(200);
  });

  it("records every refresh in the audit log", async () => {
    const { tokens } = await login();
    await refresh(server, tokens.refresh_token);
    const audit = await server.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.subjectId, tokens.session_state));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["oidc.password_grant", "oidc.refresh_grant"]));
  });
});
