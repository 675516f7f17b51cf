import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "#src/config/index.js";
import { startServer, type RunningServer } from "#src/http/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { spawnServer } from "#test/support/process.js";
import { ADMIN_KEY, TEST_SECRETS_KEY } from "#test/support/server.js";
import { PASSWORD, postForm, request, type TokenBody } from "./support.js";

/** Behind a load balancer every instance shares PUBLIC_URL (the issuer) and SECRETS_KEY. */
const PUBLIC_URL = "http://identity.example.test";

// PGlite is one in-process database that a second server cannot open: the scenario needs PostgreSQL.
describe.skipIf(backend() === "pglite")("OIDC on two server instances over one PostgreSQL (skipped on PGlite: it cannot be shared)", () => {
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;

  const start = () =>
    startServer(
      loadConfig({ PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, SECRETS_KEY: TEST_SECRETS_KEY, PUBLIC_URL }),
      { logger: pino({ level: "silent" }) },
    );
  const gql = async (server: RunningServer, query: string, variables: Record<string, unknown> = {}, bearer = ADMIN_KEY) => {
    const res = await fetch(`${server.publicUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  };
  const url = (server: RunningServer, path: string) => `${server.publicUrl}/realms/master/protocol/openid-connect${path}`;
  const login = async (server: RunningServer) => {
    const username = `multi-${Math.random().toString(36).slice(2, 10)}`;
    const created = await gql(server, `mutation($u: String!) { createUser(input: {username: $u}) { id } }`, { u: username });
    await gql(server, `mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: created.data.createUser.id, p: PASSWORD });
    const res = await postForm(url(server, "/token"), { grant_type: "password", client_id: "app", username, password: PASSWORD, scope: "openid" });
    expect(res.status).toBe(200);
    return res.body as TokenBody;
  };
  const userinfo = (server: RunningServer, token: string) => request(url(server, "/userinfo"), { headers: { authorization: `Bearer ${token}` } });
  const refresh = (server: RunningServer, token: string) => postForm(url(server, "/token"), { grant_type: "refresh_token", client_id: "app", refresh_token: token });

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("a login on one instance is honoured on the other, and a revoke on the other is refused on the first at once", async () => {
    const tokens = await login(a);
    expect((await userinfo(b, tokens.access_token)).status).toBe(200);
    expect((await userinfo(a, tokens.access_token)).status).toBe(200);
    expect((await gql(a, `query { realms { name } }`, {}, tokens.access_token)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const revoked = await gql(b, `mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: tokens.session_state });
    expect(revoked.data.revokeSession.outcome).toBe("REVOKED");

    const info = await userinfo(a, tokens.access_token);
    expect(info.status).toBe(401);
    expect(info.body).toEqual({ error: "unauthorized", error_description: "Session not active" });
    const again = await refresh(a, tokens.refresh_token);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: "invalid_grant", error_description: "Session not active" });
    expect((await gql(a, `query { realms { name } }`, {}, tokens.access_token)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("the same holds between server processes: a login on a second process, revoked here, is refused there at once", async () => {
    const other = await spawnServer({ DATABASE_URL: database.url, ADMIN_API_KEY: ADMIN_KEY, SECRETS_KEY: TEST_SECRETS_KEY, PUBLIC_URL, LOG_LEVEL: "silent", PURGE_INTERVAL_SECONDS: "0" });
    try {
      const remote = { publicUrl: `http://127.0.0.1:${other.port}` } as RunningServer;
      const tokens = await login(remote);
      expect((await userinfo(remote, tokens.access_token)).status).toBe(200);
      const revoked = await gql(a, `mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, { id: tokens.session_state });
      expect(revoked.data.revokeSession.outcome).toBe("REVOKED");
      expect((await userinfo(remote, tokens.access_token)).status).toBe(401);
      expect((await refresh(remote, tokens.refresh_token)).body).toEqual({ error: "invalid_grant", error_description: "Session not active" });
    } finally {
      other.child.kill("SIGTERM");
    }
  });

  it("a logout on one instance ends the session on the other", async () => {
    const tokens = await login(b);
    expect((await postForm(url(a, "/logout"), { client_id: "app", refresh_token: tokens.refresh_token })).status).toBe(204);
    expect((await userinfo(b, tokens.access_token)).status).toBe(401);
  });

  it("keys rotated on one instance sign on both, and old tokens still verify everywhere", async () => {
    const old = await login(a);
    const rotated = await gql(b, `mutation { rotateSigningKeys(realm: "master") { id status } }`);
    expect(rotated.errors).toBeUndefined();
    const fresh = await login(a);
    const kid = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).kid;
    expect(kid(fresh.access_token)).toBe(rotated.data.rotateSigningKeys[0].id);
    for (const server of [a, b]) {
      expect((await userinfo(server, old.access_token)).status).toBe(200);
      expect((await userinfo(server, fresh.access_token)).status).toBe(200);
    }
  });

  it("instances asked for a new realm's keys at once agree on one key", async () => {
    expect((await gql(a, `mutation { createRealm(input: {name: "fresh"}) { id } }`)).errors).toBeUndefined();
    const sets = await Promise.all(Array.from({ length: 6 }, (_, i) => request(`${(i % 2 ? a : b).publicUrl}/realms/fresh/protocol/openid-connect/certs`)));
    const kids = new Set(sets.flatMap((set) => set.body.keys.map((key: { kid: string }) => key.kid)));
    expect(kids.size).toBe(1);
  });

  it("refresh reuse limits hold across instances: 12 parallel uses split over both succeed exactly once", async () => {
    expect((await gql(a, `mutation { updateRealm(name: "master", input: {revokeRefreshToken: true, refreshTokenMaxReuse: 0}) { id } }`)).errors).toBeUndefined();
    const tokens = await login(a);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => refresh(i % 2 ? a : b, tokens.refresh_token)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const res of results.filter((r) => r.status !== 200)) {
      expect(res.status).toBe(400);
      expect(["Maximum allowed refresh token reuse exceeded", "Session not active"]).toContain(res.body.error_description);
    }
  });

  it("a realm change on one instance reaches the other's cached copy through NOTIFY, long before the cache expires", async () => {
    const expiresIn = async (server: RunningServer) => {
      const username = `lifespan-${Math.random().toString(36).slice(2, 10)}`;
      const created = await gql(a, `mutation($u: String!) { createUser(input: {username: $u}) { id } }`, { u: username });
      await gql(a, `mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: created.data.createUser.id, p: PASSWORD });
      const res = await postForm(url(server, "/token"), { grant_type: "password", client_id: "app", username, password: PASSWORD });
      return (res.body as TokenBody).expires_in;
    };
    // Both instances now hold the realm in memory.
    const before = await Promise.all([expiresIn(a), expiresIn(b)]);
    expect(before[0]).toBe(before[1]);
    const lifespan = before[0]! + 7;
    expect((await gql(a, `mutation($s: Int!) { updateRealm(name: "master", input: {accessTokenLifespan: $s}) { id } }`, { s: lifespan })).errors).toBeUndefined();
    // The writer's own instance drops its copy before answering.
    expect(await expiresIn(a)).toBe(lifespan);
    const started = Date.now();
    let seen = await expiresIn(b);
    while (seen !== lifespan && Date.now() - started < 2_000) seen = await expiresIn(b);
    expect(seen).toBe(lifespan);
  });
});
