import { base64url, decodeJwt, decodeProtectedHeader, exportSPKI, generateKeyPair, importJWK, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, passwordGrant, protocolUrl, request, rowCounts, USERINFO_PATH, userinfo, type TokenBody } from "#test/oidc/support.js";

describe("OIDC userinfo", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  const clock = new ManualClock();

  const login = async (fields: Record<string, unknown> = {}, extra: Record<string, string> = {}) => {
    const user = await newUser(server, fields);
    const res = await passwordGrant(server, user.email, extra);
    expect(res.status).toBe(200);
    return { user, tokens: res.body as TokenBody };
  };
  const expectUnauthorized = (res: Awaited<ReturnType<typeof userinfo>>, description: string) => {
    expect(res.status).toBe(401);
    spec.expectResponse("GET", USERINFO_PATH, 401, res.body);
    expect(res.body).toEqual({ error: "unauthorized", error_description: description });
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    spec = await lacpassSpec();
  });
  afterAll(() => server?.stop());

  it("answers the profile claims, document type and identifier included", async () => {
    const { user, tokens } = await login({
      firstName: "John",
      lastName: "Doe",
      emailVerified: true,
      locale: "en",
      attributes: { documentType: "passport", identifier: "F12345678" },
    });
    const res = await userinfo(server, tokens.access_token);
    expect(res.status).toBe(200);
    spec.expectResponse("GET", USERINFO_PATH, 200, res.body);
    expect(res.body).toEqual({
      sub: user.id,
      name: "John Doe",
      given_name: "John",
      family_name: "Doe",
      preferred_username: user.username,
      email: user.email,
      email_verified: true,
      locale: "en",
      document_type: "passport",
      identifier: "F12345678",
    });
  });

  it("leaves out claims the profile does not have, and document types the contract does not know", async () => {
    const { user, tokens } = await login({ attributes: { documentType: "driving-licence" } });
    const res = await userinfo(server, tokens.access_token);
    expect(res.status).toBe(200);
    spec.expectResponse("GET", USERINFO_PATH, 200, res.body);
    expect(res.body).toEqual({ sub: user.id, preferred_username: user.username, email: user.email, email_verified: false });
  });

  it("also answers POST with the bearer header", async () => {
    const { user, tokens } = await login();
    const res = await request(protocolUrl(server, "master", "/userinfo"), { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.body.sub).toBe(user.id);
  });

  it("answers 403 insufficient_scope for a token without openid", async () => {
    const { tokens } = await login({}, { scope: "profile email" });
    const res = await userinfo(server, tokens.access_token);
    expect(res.status).toBe(403);
    spec.expectResponse("GET", USERINFO_PATH, 403, res.body);
    expect(res.body).toEqual({ error: "insufficient_scope", error_description: "Missing openid scope" });
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
  });

  it("answers a missing or malformed Authorization header 401 Token not provided", async () => {
    expectUnauthorized(await userinfo(server, null), "Token not provided");
    const basic = await request(protocolUrl(server, "master", "/userinfo"), { headers: { authorization: "Basic YXBwOg==" } });
    expectUnauthorized(basic, "Token not provided");
    expect(basic.headers.get("www-authenticate")).toContain('error="invalid_request"');
  });

  it("answers garbage, a refresh token and an ID token 401 Token verification failed", async () => {
    const { tokens } = await login();
    for (const token of ["garbage", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", tokens.refresh_token, tokens.id_token!]) {
      const res = await userinfo(server, token);
      expectUnauthorized(res, "Token verification failed");
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("answers an expired access token 401", async () => {
    const { tokens } = await login();
    clock.advance(301_000);
    expectUnauthorized(await userinfo(server, tokens.access_token), "Token is not active");
  });

  it("refuses alg none, HMAC with the public key, and tokens signed by a key not the realm's", async () => {
    const { tokens } = await login();
    const before = await rowCounts(server);
    const [header, payload] = tokens.access_token.split(".") as [string, string];
    const claims = decodeJwt(tokens.access_token);
    const kid = decodeProtectedHeader(tokens.access_token).kid!;

    const none = `${base64url.encode(JSON.stringify({ alg: "none", typ: "JWT", kid }))}.${payload}.`;
    expectUnauthorized(await userinfo(server, none), "Token verification failed");
    const noneNoSignature = `${base64url.encode(JSON.stringify({ alg: "none" }))}.${payload}`;
    expectUnauthorized(await userinfo(server, noneNoSignature), "Token verification failed");
    const stripped = `${header}.${payload}.`;
    expectUnauthorized(await userinfo(server, stripped), "Token verification failed");

    const jwks = (await request(protocolUrl(server, "master", "/certs"))).body;
    const publicKey = await importJWK(jwks.keys[0], "RS256", { extractable: true });
    const pem = await exportSPKI(publicKey as CryptoKey);
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid }).sign(new TextEncoder().encode(pem));
    expectUnauthorized(await userinfo(server, hmac), "Token verification failed");

    const stranger = await generateKeyPair("RS256");
    for (const strangerKid of [kid, "someone-elses-key"]) {
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: strangerKid }).sign(stranger.privateKey);
      expectUnauthorized(await userinfo(server, forged), "Token verification failed");
    }
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, sub: "00000000-0000-0000-0000-000000000000" }))}.${tokens.access_token.split(".")[2]}`;
    expectUnauthorized(await userinfo(server, tampered), "Token verification failed");
    expect(await rowCounts(server)).toEqual(before);
  });

  it("refuses a token of another realm, even one this server signed", async () => {
    expect((await server.gql(`mutation { createRealm(input: {name: "elsewhere"}) { id } }`)).errors).toBeUndefined();
    expect((await server.gql(`mutation { createClient(input: {realm: "elsewhere", clientId: "app", public: true, grants: ["password"]}) { client { id } } }`)).errors).toBeUndefined();
    const user = await newUser(server, {}, "elsewhere");
    const res = await passwordGrant(server, user.email, {}, "elsewhere");
    expect(res.status).toBe(200);
    expectUnauthorized(await userinfo(server, res.body.access_token, "master"), "Token verification failed");
    expect((await userinfo(server, res.body.access_token, "elsewhere")).status).toBe(200);
  });

  it("answers an unknown realm 404", async () => {
    const res = await userinfo(server, "whatever", "no-such-realm");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Realm does not exist" });
  });

  it("answers 401 once the user is disabled", async () => {
    const { user, tokens } = await login();
    await server.gql(`mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: user.id });
    expectUnauthorized(await userinfo(server, tokens.access_token), "User disabled");
  });
});
