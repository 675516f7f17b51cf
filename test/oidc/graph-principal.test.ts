import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { newUser, PASSWORD, passwordGrant } from "./support.js";

describe("a user's own access token as a GraphQL principal", () => {
  let server: TestServer;
  const login = async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    expect(res.status).toBe(200);
    return { user, token: res.body.access_token as string, sessionId: res.body.session_state as string };
  };
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("reads the user's own profile and sessions, and nobody else's", async () => {
    const me = await login();
    const other = await newUser(server);
    const own = await server.gql(`query($id: ID!) { user(id: $id) { id username sessions { id kind } } }`, { id: me.user.id }, me.token);
    expect(own.errors).toBeUndefined();
    expect(own.data!.user.sessions).toEqual([{ id: me.sessionId, kind: "TOKEN" }]);
    expect(code(await server.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: other.id }, me.token))).toBe("FORBIDDEN");
    expect(code(await server.gql(`query { users { nodes { id } } }`, {}, me.token))).toBe("FORBIDDEN");
    expect(code(await server.gql(`mutation($id: ID!) { setPassword(userId: $id, password: "another password") }`, { id: me.user.id }, me.token))).toBe("FORBIDDEN");
  });

  it("revokes the user's own session, after which the token is refused", async () => {
    const me = await login();
    const second = await passwordGrant(server, me.user.email);
    const revoked = await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "user_logout") { outcome session { revokeActorType revokeActorId } } }`, { id: second.body.session_state }, me.token);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeSession).toEqual({ outcome: "REVOKED", session: { revokeActorType: "user", revokeActorId: me.user.id } });
    expect(code(await server.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: me.user.id }, second.body.access_token))).toBe("UNAUTHENTICATED");

    const other = await login();
    expect(code(await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "x") { outcome } }`, { id: other.sessionId }, me.token))).toBe("FORBIDDEN");
    expect((await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "user_logout") { outcome } }`, { id: me.sessionId }, me.token)).errors).toBeUndefined();
    expect(code(await server.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: me.user.id }, me.token))).toBe("UNAUTHENTICATED");
  });

  it("is refused once an admin revokes all the user's sessions", async () => {
    const me = await login();
    expect((await server.gql(`mutation($id: ID!) { revokeAllUserSessions(userId: $id, reasonCode: "support") { outcome } }`, { id: me.user.id })).errors).toBeUndefined();
    expect(code(await server.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: me.user.id }, me.token))).toBe("UNAUTHENTICATED");
  });

  it("refuses refresh tokens, ID tokens and forged JWTs as bearer credentials", async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    for (const token of [res.body.refresh_token, res.body.id_token, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.x"]) {
      expect(code(await server.gql(`query($id: ID!) { user(id: $id) { id } }`, { id: user.id }, token))).toBe("UNAUTHENTICATED");
    }
  });
});

describe("the realm protocol as GraphQL operations", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("runs the password and refresh grants, userinfo and logout anonymously, with the same rules as REST", async () => {
    const user = await newUser(server, { firstName: "Alan" });
    const granted = await server.gql(
      `mutation($u: String!, $p: String!) { passwordGrant(input: {clientId: "app", username: $u, password: $p, scope: "openid"}) { accessToken refreshToken idToken sessionState scope expiresIn } }`,
      { u: user.email, p: PASSWORD },
      null,
    );
    expect(granted.errors).toBeUndefined();
    const tokens = granted.data!.passwordGrant;
    expect(tokens).toMatchObject({ scope: "openid profile email", expiresIn: 300, idToken: expect.any(String) });

    const info = await server.gql(`query($t: String) { oidcUserInfo(accessToken: $t) { sub givenName preferredUsername } }`, { t: tokens.accessToken }, null);
    expect(info.data!.oidcUserInfo).toEqual({ sub: user.id, givenName: "Alan", preferredUsername: user.username });

    const refreshed = await server.gql(`mutation($t: String) { refreshGrant(input: {clientId: "app", refreshToken: $t}) { sessionState } }`, { t: tokens.refreshToken }, null);
    expect(refreshed.data!.refreshGrant.sessionState).toBe(tokens.sessionState);

    const wrong = await server.gql(`mutation($u: String!) { passwordGrant(input: {clientId: "app", username: $u, password: "nope"}) { accessToken } }`, { u: user.email }, null);
    expect(wrong.errors?.[0]?.extensions?.code).toBe("OIDC_INVALID_USER_CREDENTIALS");

    const out = await server.gql(`mutation($t: String) { oidcLogout(input: {clientId: "app", refreshToken: $t}) { sessionId } }`, { t: tokens.refreshToken }, null);
    expect(out.data!.oidcLogout.sessionId).toBe(tokens.sessionState);
    const after = await server.gql(`mutation($t: String) { refreshGrant(input: {clientId: "app", refreshToken: $t}) { sessionState } }`, { t: tokens.refreshToken }, null);
    expect(after.errors?.[0]?.extensions?.code).toBe("OIDC_SESSION_NOT_ACTIVE");
  });

  it("serves discovery and the key set", async () => {
    const res = await server.gql(`query { openIdConfiguration jsonWebKeySet }`, {}, null);
    expect(res.errors).toBeUndefined();
    expect(res.data!.openIdConfiguration.issuer).toBe(`${server.config.publicUrl}/realms/master`);
    expect(res.data!.jsonWebKeySet.keys).toHaveLength(1);
  });
});
