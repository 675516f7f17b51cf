import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { confidentialClient, lacpassSpec, newUser, passwordGrant, postForm, protocolUrl, refresh, userinfo, type TokenBody } from "#test/oidc/support.js";

describe("OIDC token introspection (RFC 7662) and revocation (RFC 7009)", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  let secret: string;
  const introspect = (form: Record<string, string>) => postForm(protocolUrl(server, "master", "/token/introspect"), form);
  const revoke = (form: Record<string, string>) => postForm(protocolUrl(server, "master", "/revoke"), form);
  const login = async (client: Record<string, string> = {}) => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email, client);
    expect(res.status).toBe(200);
    return { user, tokens: res.body as TokenBody };
  };

  beforeAll(async () => {
    server = await startTestServer();
    spec = await lacpassSpec();
    secret = await confidentialClient(server, "resource-server");
  });
  afterAll(() => server?.stop());

  it("answers active with the claims for a live access or refresh token", async () => {
    const { user, tokens } = await login();
    const access = await introspect({ client_id: "resource-server", client_secret: secret, token: tokens.access_token });
    expect(access.status).toBe(200);
    expect(access.headers.get("cache-control")).toBe("no-store");
    expect(access.body).toMatchObject({ active: true, sub: user.id, client_id: "app", azp: "app", username: user.username, token_type: "Bearer", sid: tokens.session_state, scope: "openid profile email", exp: expect.any(Number) });
    const basic = Buffer.from(`resource-server:${secret}`).toString("base64");
    const viaBasic = await postForm(protocolUrl(server, "master", "/token/introspect"), { token: tokens.refresh_token, token_type_hint: "refresh_token" }, { authorization: `Basic ${basic}` });
    expect(viaBasic.body).toMatchObject({ active: true, typ: "Refresh", token_type: "Refresh", sub: user.id });
  });

  it("answers active false for garbage, ID tokens and ended sessions", async () => {
    const { tokens } = await login();
    for (const token of ["garbage", tokens.id_token!]) {
      expect((await introspect({ client_id: "resource-server", client_secret: secret, token })).body).toEqual({ active: false });
    }
    await server.gql(`mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: tokens.session_state });
    for (const token of [tokens.access_token, tokens.refresh_token]) {
      expect((await introspect({ client_id: "resource-server", client_secret: secret, token })).body).toEqual({ active: false });
    }
  });

  it("is for confidential clients only, and needs a token", async () => {
    const { tokens } = await login();
    const publicClient = await introspect({ client_id: "app", token: tokens.access_token });
    expect(publicClient.status).toBe(403);
    spec.expectError(publicClient.body, "invalid_request", "Client not allowed.");
    const wrongSecret = await introspect({ client_id: "resource-server", client_secret: "nope", token: tokens.access_token });
    expect(wrongSecret.status).toBe(401);
    spec.expectError(wrongSecret.body, "unauthorized_client");
    const noToken = await introspect({ client_id: "resource-server", client_secret: secret });
    expect(noToken.status).toBe(400);
    spec.expectError(noToken.body, "invalid_request", "Token not provided");
  });

  it("revokes an access token's session: every token of that login stops working", async () => {
    const { tokens } = await login();
    const res = await revoke({ client_id: "app", token: tokens.access_token, token_type_hint: "access_token" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await userinfo(server, tokens.access_token)).status).toBe(401);
    spec.expectError((await refresh(server, tokens.refresh_token)).body, "invalid_grant", "Session not active");
    const [session] = await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, tokens.session_state));
    expect(session).toMatchObject({ status: "revoked", revokeReasonCode: "token_revoked", revokeActorType: "client", revokeActorId: "app" });
  });

  it("revokes a refresh token for a confidential client too", async () => {
    const { tokens } = await login({ client_id: "resource-server", client_secret: secret });
    const res = await revoke({ client_id: "resource-server", client_secret: secret, token: tokens.refresh_token });
    expect(res.status).toBe(200);
    expect((await userinfo(server, tokens.access_token)).status).toBe(401);
  });

  it("answers 200 for a token that is already useless, and refuses another client's token", async () => {
    const { tokens } = await login();
    expect((await revoke({ client_id: "app", token: "garbage" })).status).toBe(200);
    const foreign = await revoke({ client_id: "resource-server", client_secret: secret, token: tokens.access_token });
    expect(foreign.status).toBe(400);
    spec.expectError(foreign.body, "unauthorized_client", "Unmatching clients");
    expect((await userinfo(server, tokens.access_token)).status).toBe(200);
    const noToken = await revoke({ client_id: "app" });
    expect(noToken.status).toBe(400);
    spec.expectError(noToken.body, "invalid_request", "Token not provided");
  });
});
