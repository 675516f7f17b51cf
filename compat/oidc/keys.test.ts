import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { newUser, passwordGrant, protocolUrl, request, userinfo, type TokenBody } from "#test/oidc/support.js";

const ROTATE = `mutation($realm: String!) { rotateSigningKeys(realm: $realm) { id algorithm status publicJwk createdAt retiredAt verifyUntil } }`;

describe("OIDC discovery, JWKS and key rotation", () => {
  let server: TestServer;
  const clock = new ManualClock();
  const issuer = () => `${server.config.publicUrl}/realms/master`;
  const jwks = async () => (await request(protocolUrl(server, "master", "/certs"))).body as { keys: Record<string, unknown>[] };
  const login = async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    expect(res.status).toBe(200);
    return res.body as TokenBody;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(() => server?.stop());

  it("publishes the realm's OpenID Provider metadata at Keycloak's path", async () => {
    const res = await request(`${server.publicUrl}/realms/master/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const base = `${issuer()}/protocol/openid-connect`;
    expect(res.body).toMatchObject({
      issuer: issuer(),
      token_endpoint: `${base}/token`,
      userinfo_endpoint: `${base}/userinfo`,
      end_session_endpoint: `${base}/logout`,
      introspection_endpoint: `${base}/token/introspect`,
      revocation_endpoint: `${base}/revoke`,
      jwks_uri: `${base}/certs`,
      grant_types_supported: ["password", "refresh_token"],
      id_token_signing_alg_values_supported: ["RS256"],
      subject_types_supported: ["public"],
    });
  });

  it("publishes public keys only, and access tokens verify against them with jose", async () => {
    const tokens = await login();
    const set = await jwks();
    expect(set.keys).toHaveLength(1);
    expect(set.keys[0]).toEqual({ kty: "RSA", kid: expect.any(String), alg: "RS256", use: "sig", n: expect.any(String), e: "AQAB" });
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createLocalJWKSet(set as never), { issuer: issuer(), algorithms: ["RS256"], currentDate: clock.now() });
    expect(protectedHeader.kid).toBe(set.keys[0]!.kid);
    expect(payload.typ).toBe("Bearer");
  });

  it("stores the private key encrypted", async () => {
    const rows = await server.database.db.select().from(tables.signingKeys);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.privateKeyEncrypted).toMatch(/^v2\.[\w-]{12}\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
      expect(row.privateKeyEncrypted).not.toContain("PRIVATE KEY");
      expect(JSON.stringify(row.publicJwk)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
    }
  });

  it("rotates through the graph: new tokens use the new key, the old key verifies until its tokens expire", async () => {
    const old = await login();
    const oldKid = decodeProtectedHeader(old.access_token).kid;
    const rotated = await server.gql(ROTATE, { realm: "master" });
    expect(rotated.errors).toBeUndefined();
    const [active, retired] = rotated.data!.rotateSigningKeys;
    expect(active).toMatchObject({ status: "ACTIVE", algorithm: "RS256", retiredAt: null, verifyUntil: null });
    expect(retired).toMatchObject({ id: oldKid, status: "RETIRED" });
    // The longest a token of the old key can live: the realm's 10-hour session maximum.
    expect(new Date(retired.verifyUntil).getTime() - new Date(retired.retiredAt).getTime()).toBe(36_000_000);

    const fresh = await login();
    expect(decodeProtectedHeader(fresh.access_token).kid).toBe(active.id);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([active.id, oldKid]);
    expect((await userinfo(server, old.access_token)).status).toBe(200);
    const set = createLocalJWKSet((await jwks()) as never);
    for (const token of [old.access_token, fresh.access_token]) await jwtVerify(token, set, { issuer: issuer(), currentDate: clock.now() });
    const refreshed = await request(protocolUrl(server, "master", "/token"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: "app", refresh_token: old.refresh_token }).toString(),
    });
    expect(refreshed.status).toBe(200);
    expect(decodeProtectedHeader(refreshed.body.access_token).kid).toBe(active.id);

    clock.advance(36_000_001);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual([active.id]);
  });

  it("lists a realm's keys in the graph and lets only realm writers rotate", async () => {
    const listed = await server.gql(`query { realm(name: "master") { signingKeys { id status } } }`);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.realm.signingKeys[0].status).toBe("ACTIVE");
    const anonymous = await server.gql(ROTATE, { realm: "master" }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const tokens = await login();
    const asUser = await server.gql(ROTATE, { realm: "master" }, tokens.access_token);
    expect(asUser.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const unknown = await server.gql(ROTATE, { realm: "nowhere" });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("REALM_NOT_FOUND");
    const audit = await server.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.action, "realm.signing_keys.rotate"));
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("PRIVATE");
  });

  it("answers an unknown realm 404 on discovery and keys", async () => {
    for (const path of ["/realms/nowhere/.well-known/openid-configuration", "/realms/nowhere/protocol/openid-connect/certs"]) {
      const res = await request(`${server.publicUrl}${path}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: "Realm does not exist" });
    }
  });

  it("gives every realm keys of its own", async () => {
    expect((await server.gql(`mutation { createRealm(input: {name: "second"}) { id } }`)).errors).toBeUndefined();
    const second = (await request(protocolUrl(server, "second", "/certs"))).body as { keys: { kid: string }[] };
    const master = await jwks();
    expect(second.keys).toHaveLength(1);
    expect(master.keys.map((k) => k.kid)).not.toContain(second.keys[0]!.kid);
  });
});
