import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { ManualClock } from "#src/services/clock/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, passwordGrant, postForm, protocolUrl, refresh, rowCounts, userinfo, type TokenBody } from "#test/oidc/support.js";

describe("OIDC logout", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;
  const clock = new ManualClock();
  const logout = (form: Record<string, string>) => postForm(protocolUrl(server, "master", "/logout"), form);
  const login = async () => {
    const user = await newUser(server);
    const res = await passwordGrant(server, user.email);
    expect(res.status).toBe(200);
    return { user, tokens: res.body as TokenBody };
  };

  beforeAll(async () => {
    server = await startTestServer({ clock });
    spec = await lacpassSpec();
    expect((await server.gql(`mutation { createClient(input: {clientId: "other", public: true, grants: ["password", "refresh_token"]}) { client { id } } }`)).errors).toBeUndefined();
  });
  afterAll(() => server?.stop());

  it("ends the session with 204; its refresh and access tokens stop working", async () => {
    const { user, tokens } = await login();
    const res = await logout({ client_id: "app", refresh_token: tokens.refresh_token });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const again = await refresh(server, tokens.refresh_token);
    expect(again.status).toBe(400);
    spec.expectError(again.body, "invalid_grant", "Session not active");
    expect((await userinfo(server, tokens.access_token)).status).toBe(401);
    const [session] = await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, tokens.session_state));
    expect(session).toMatchObject({ status: "revoked", revokeReasonCode: "logout", revokeActorType: "user", revokeActorId: user.id });
  });

  it("is harmless twice, and accepts an expired refresh token as Keycloak does", async () => {
    const { tokens } = await login();
    expect((await logout({ client_id: "app", refresh_token: tokens.refresh_token })).status).toBe(204);
    expect((await logout({ client_id: "app", refresh_token: tokens.refresh_token })).status).toBe(204);
    const late = await login();
    clock.advance(3600_000);
    expect((await logout({ client_id: "app", refresh_token: late.tokens.refresh_token })).status).toBe(204);
  });

  it("answers a missing refresh token 400 No refresh token", async () => {
    const res = await logout({ client_id: "app" });
    expect(res.status).toBe(400);
    spec.expectError(res.body, "invalid_request", "No refresh token");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers garbage 400 Invalid refresh token, and another client's token 400, changing nothing", async () => {
    const { tokens } = await login();
    const before = await rowCounts(server);
    const garbage = await logout({ client_id: "app", refresh_token: "garbage" });
    expect(garbage.status).toBe(400);
    spec.expectError(garbage.body, "invalid_grant", "Invalid refresh token");
    const foreign = await logout({ client_id: "other", refresh_token: tokens.refresh_token });
    expect(foreign.status).toBe(400);
    spec.expectError(foreign.body, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match");
    const unknownClient = await logout({ client_id: "nope", refresh_token: tokens.refresh_token });
    expect(unknownClient.status).toBe(401);
    spec.expectError(unknownClient.body, "invalid_client");
    expect(await rowCounts(server)).toEqual(before);
    expect((await userinfo(server, tokens.access_token)).status).toBe(200);
  });

  it("answers an unknown realm 404", async () => {
    const res = await postForm(protocolUrl(server, "nowhere", "/logout"), { client_id: "app", refresh_token: "x" });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Realm does not exist" });
  });
});
