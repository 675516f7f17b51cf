import { decodeJwt, decodeProtectedHeader } from "jose";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { confidentialClient, lacpassSpec, newUser, PASSWORD, passwordGrant, postForm, protocolUrl, refresh, TOKEN_PATH, userinfo } from "#test/oidc/support.js";

describe("OIDC token endpoint: password grant", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  let secret: string;
  const token = (form: Record<string, string>, headers: Record<string, string> = {}, realm = "master") => postForm(protocolUrl(server, realm, "/token"), form, headers);

  beforeAll(async () => {
    server = await startTestServer();
    spec = await lacpassSpec();
    secret = await confidentialClient(server, "backend");
    expect((await server.gql(`mutation { createClient(input: {clientId: "refresh-only", public: true, grants: ["refresh_token"]}) { client { id } } }`)).errors).toBeUndefined();
  });
  afterAll(() => server?.stop());

  it("answers 200 with Keycloak's token response, an ID token for openid, and no-store", async () => {
    const user = await newUser(server, { firstName: "Ada", lastName: "Lovelace" });
    const res = await passwordGrant(server, user.email, {}, "master");
    expect(res.status).toBe(200);
    spec.expectResponse("POST", TOKEN_PATH, 200, res.body);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 300, refresh_expires_in: 1800, "not-before-policy": 0, scope: "openid profile email" });
    expect(Object.keys(res.body)).toEqual(["access_token", "expires_in", "refresh_expires_in", "refresh_token", "token_type", "id_token", "not-before-policy", "session_state", "scope"]);

    const issuer = `${server.config.publicUrl}/realms/master`;
    const access = decodeJwt(res.body.access_token);
    expect(decodeProtectedHeader(res.body.access_token)).toMatchObject({ alg: "RS256", typ: "JWT", kid: expect.any(String) });
    expect(access).toMatchObject({ iss: issuer, sub: user.id, aud: "account", azp: "app", sid: res.body.session_state, typ: "Bearer", scope: "openid profile email", name: "Ada Lovelace", preferred_username: user.username, email: user.email });
    expect(access.exp! - access.iat!).toBe(300);
    expect(access.jti).toEqual(expect.any(String));
    expect(decodeJwt(res.body.id_token)).toMatchObject({ iss: issuer, sub: user.id, aud: "app", azp: "app", typ: "ID", sid: res.body.session_state, at_hash: expect.any(String) });
    expect(decodeJwt(res.body.refresh_token)).toMatchObject({ iss: issuer, aud: issuer, sub: user.id, typ: "Refresh", azp: "app", sid: res.body.session_state });
  });

  it("takes the username as well as the e-mail, and gives no ID token without openid", async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.username, { scope: "profile" });
    expect(res.status).toBe(200);
    spec.expectResponse("POST", TOKEN_PATH, 200, res.body);
    expect(res.body.id_token).toBeUndefined();
    expect(res.body.scope).toBe("profile email");
  });

  it("opens a token session in the graph with the ip, user agent and client", async () => {
    const user = await newUser(server);
    const res = await postForm(protocolUrl(server, "master", "/token"), { grant_type: "password", client_id: "app", username: user.email, password: PASSWORD }, { "user-agent": "oidc-test/1.0" });
    expect(res.status).toBe(200);
    const graph = await server.gql(`query($id: ID!) { session(id: $id) { id userId kind status clientId ip userAgent expiresAt } }`, { id: res.body.session_state });
    expect(graph.data!.session).toMatchObject({ userId: user.id, kind: "TOKEN", status: "ACTIVE", clientId: "app", ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: "oidc-test/1.0" });
    expect(graph.data!.session.expiresAt).not.toBeNull();
  });

  it("answers a missing grant_type before looking at the client", async () => {
    const res = await token({ client_id: "no-such-client" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_request", "Missing form parameter: grant_type");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers an unknown grant type with unsupported_grant_type", async () => {
    const res = await token({ grant_type: "client_credentials", client_id: "app" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "unsupported_grant_type", "Unsupported grant_type");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers an unknown client 401 invalid_client and a wrong secret 401 unauthorized_client", async () => {
    const user = await newUser(server);
    const unknown = await token({ grant_type: "password", client_id: "nope", username: user.email, password: PASSWORD });
    expect(unknown.status).toBe(401);
    spec.expectResponse("POST", TOKEN_PATH, 401, unknown.body);
    spec.expectError(unknown.body, "invalid_client", "Invalid client or Invalid client credentials");
    const missingClient = await token({ grant_type: "password", username: user.email, password: PASSWORD });
    expect(missingClient.status).toBe(401);
    spec.expectError(missingClient.body, "invalid_client", "Invalid client or Invalid client credentials");

    const wrong = await token({ grant_type: "password", client_id: "backend", client_secret: "wrong", username: user.email, password: PASSWORD });
    expect(wrong.status).toBe(401);
    spec.expectError(wrong.body, "unauthorized_client", "Invalid client or Invalid client credentials");
    expect(wrong.headers.get("cache-control")).toBe("no-store");
    const noSecret = await token({ grant_type: "password", client_id: "backend", username: user.email, password: PASSWORD });
    expect(noSecret.status).toBe(401);
    spec.expectError(noSecret.body, "unauthorized_client", "Client secret not provided in request");
  });

  it("authenticates a confidential client by form secret or by HTTP Basic", async () => {
    const user = await newUser(server);
    const byForm = await token({ grant_type: "password", client_id: "backend", client_secret: secret, username: user.email, password: PASSWORD });
    expect(byForm.status).toBe(200);
    const basic = Buffer.from(`backend:${encodeURIComponent(secret)}`).toString("base64");
    const byBasic = await token({ grant_type: "password", username: user.email, password: PASSWORD }, { authorization: `Basic ${basic}` });
    expect(byBasic.status).toBe(200);
    expect(decodeJwt(byBasic.body.access_token).azp).toBe("backend");
  });

  it("refuses a client without the password grant with 400 unauthorized_client", async () => {
    const user = await newUser(server);
    const res = await token({ grant_type: "password", client_id: "refresh-only", username: user.email, password: PASSWORD });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "unauthorized_client", "Client not allowed for direct access grants");
  });

  it("answers a missing username 401 invalid_request", async () => {
    const res = await token({ grant_type: "password", client_id: "app", password: PASSWORD });
    expect(res.status).toBe(401);
    spec.expectResponse("POST", TOKEN_PATH, 401, res.body);
    spec.expectError(res.body, "invalid_request", "Missing parameter: username");
  });

  it("answers a wrong password and an unknown user alike: 401 invalid_grant", async () => {
    const user = await newUser(server);
    const wrong = await token({ grant_type: "password", client_id: "app", username: user.email, password: "not the password" });
    const unknown = await token({ grant_type: "password", client_id: "app", username: "nobody-at-all@example.com", password: "not the password" });
    const missingPassword = await token({ grant_type: "password", client_id: "app", username: user.email });
    for (const res of [wrong, unknown, missingPassword]) {
      expect(res.status).toBe(401);
      spec.expectResponse("POST", TOKEN_PATH, 401, res.body);
      expect(res.body).toEqual({ error: "invalid_grant", error_description: "Invalid user credentials" });
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("answers a disabled user 400 Account disabled", async () => {
    const user = await newUser(server);
    expect((await server.gql(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: user.id })).errors).toBeUndefined();
    const res = await passwordGrant(server, user.email);
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Account disabled");
  });

  it("answers a locked user 400 Invalid user credentials, whatever the password", async () => {
    const user = await newUser(server);
    expect((await server.gql(`mutation($id: ID!) { updateUser(id: $id, input: {locked: true}) { locked } }`, { id: user.id })).errors).toBeUndefined();
    for (const password of [PASSWORD, "a wrong password"]) {
      const res = await passwordGrant(server, user.email, { password });
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_grant", "Invalid user credentials");
    }
  });

  it("answers a blocked user (by id or by e-mail) 400 Invalid user credentials", async () => {
    const byId = await newUser(server);
    const byEmail = await newUser(server);
    const block = `mutation($input: BlockSubjectInput!) { blockSubject(input: $input) { outcome } }`;
    expect((await server.gql(block, { input: { userId: byId.id, reasonCode: "fraud" } })).errors).toBeUndefined();
    expect((await server.gql(block, { input: { email: byEmail.email.toUpperCase(), reasonCode: "fraud" } })).errors).toBeUndefined();
    for (const user of [byId, byEmail]) {
      const res = await passwordGrant(server, user.email);
      expect(res.status).toBe(400);
      spec.expectError(res.body, "invalid_grant", "Invalid user credentials");
    }
  });

  it("answers an unknown realm 404 Realm does not exist, before anything else", async () => {
    for (const form of [{ grant_type: "password", client_id: "app", username: "x", password: "y" }, {}] as Record<string, string>[]) {
      const res = await token(form, {}, "no-such-realm");
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: "Realm does not exist" });
    }
  });

  it("answers a disabled realm 403 Realm not enabled", async () => {
    expect((await server.gql(`mutation { createRealm(input: {name: "sleeping", enabled: false}) { id } }`)).errors).toBeUndefined();
    const res = await token({ grant_type: "password", client_id: "app", username: "x", password: "y" }, {}, "sleeping");
    expect(res.status).toBe(403);
    spec.expectError(res.body, "access_denied", "Realm not enabled");
  });

  it("serves other realms with their own clients and users", async () => {
    expect((await server.gql(`mutation { createRealm(input: {name: "lacpass"}) { id } }`)).errors).toBeUndefined();
    expect((await server.gql(`mutation { createClient(input: {realm: "lacpass", clientId: "app", public: true, grants: ["password", "refresh_token"]}) { client { id } } }`)).errors).toBeUndefined();
    const user = await newUser(server, {}, "lacpass");
    const res = await passwordGrant(server, user.email, {}, "lacpass");
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token).iss).toBe(`${server.config.publicUrl}/realms/lacpass`);
    const wrongRealm = await passwordGrant(server, user.email, {}, "master");
    expect(wrongRealm.status).toBe(401);
    const info = await userinfo(server, res.body.access_token, "lacpass");
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(user.id);
  });

  it("records the login in the audit log and the user's last login", async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    const audit = await server.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.subjectId, res.body.session_state));
    expect(audit.map((a) => a.action)).toContain("oidc.password_grant");
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    const [row] = await server.database.db.select().from(tables.users).where(eq(tables.users.id, user.id));
    expect(row!.lastLoginAt).not.toBeNull();
  });

  it("serves the refresh grant to a client without the password grant only if it has refresh_token", async () => {
    const user = await newUser(server);
    const login = await passwordGrant(server, user.email);
    const res = await refresh(server, login.body.refresh_token, { client_id: "backend", client_secret: secret });
    // backend has the grant, but the token was issued to app
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match");
  });
});
