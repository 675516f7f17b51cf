import * as client from "openid-client";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "#test/support/process.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { confidentialClient, newUser, PASSWORD } from "./support.js";

describe("a real OIDC client (openid-client) against the realm", () => {
  let server: TestServer;
  let issuer: URL;
  let user: { id: string; email: string; username: string };

  const discover = (clientId: string, auth: client.ClientAuth) =>
    client.discovery(issuer, clientId, undefined, auth, { execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks] });

  beforeAll(async () => {
    const port = await freePort();
    server = await startTestServer({ env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } });
    issuer = new URL(`http://127.0.0.1:${port}/realms/master`);
    user = await newUser(server, { firstName: "Grace", lastName: "Hopper", emailVerified: true, attributes: { documentType: "id", identifier: "X-1" } });
  });
  afterAll(() => server?.stop());

  it("discovers the realm, runs the password and refresh grants, verifies the ID tokens and reads userinfo", async () => {
    const config = await discover("app", client.None());
    expect(config.serverMetadata().issuer).toBe(issuer.href);

    const tokens = await client.genericGrantRequest(config, "password", { username: user.email, password: PASSWORD, scope: "openid" });
    const idClaims = tokens.claims()!;
    expect(idClaims).toMatchObject({ iss: issuer.href, sub: user.id, aud: "app", email: user.email, name: "Grace Hopper" });
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expiresIn()).toBeGreaterThan(0);

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.sub).toBe(user.id);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    const info = await client.fetchUserInfo(config, refreshed.access_token, idClaims.sub);
    expect(info).toMatchObject({ sub: user.id, email: user.email, email_verified: true, given_name: "Grace", family_name: "Hopper", document_type: "id", identifier: "X-1" });

    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(refreshed.access_token, jwks, { issuer: issuer.href, audience: "account", algorithms: ["RS256"] });
    expect(payload).toMatchObject({ sub: user.id, azp: "app", typ: "Bearer" });
  });

  it("introspects and revokes as a confidential client; a revoked token no longer reads userinfo", async () => {
    const secret = await confidentialClient(server, "portal");
    const config = await discover("portal", client.ClientSecretBasic(secret));
    const tokens = await client.genericGrantRequest(config, "password", { username: user.username, password: PASSWORD, scope: "openid profile" });
    const introspection = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, sub: user.id, client_id: "portal" });

    await client.tokenRevocation(config, tokens.refresh_token!);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(client.fetchUserInfo(config, tokens.access_token, user.id)).rejects.toThrow();
  });

  it("surfaces Keycloak's errors to the client", async () => {
    const config = await discover("app", client.None());
    const failure = await client.genericGrantRequest(config, "password", { username: user.email, password: "wrong password" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(client.ResponseBodyError);
    expect(failure).toMatchObject({ error: "invalid_grant", error_description: "Invalid user credentials", status: 401 });
  });
});
