import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { lacpassSpec, newUser, passwordGrant, refresh, userinfo, type TokenBody } from "#test/oidc/support.js";

const REALM = "rotating";

describe("OIDC refresh token reuse (revokeRefreshToken)", () => {
  let server: TestServer;
  let spec: Awaited<ReturnType<typeof lacpassSpec>>;

  const setReuse = async (refreshTokenMaxReuse: number) => {
    const res = await server.gql(`mutation($n: Int!) { updateRealm(name: "${REALM}", input: {revokeRefreshToken: true, refreshTokenMaxReuse: $n}) { refreshTokenMaxReuse } }`, { n: refreshTokenMaxReuse });
    expect(res.errors).toBeUndefined();
  };
  const login = async () => {
    const user = await newUser(server, {}, REALM);
    const res = await passwordGrant(server, user.email, {}, REALM);
    expect(res.status).toBe(200);
    return res.body as TokenBody;
  };
  const sessionStatus = async (id: string) => (await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.id, id)))[0]!.status;

  beforeAll(async () => {
    server = await startTestServer();
    spec = await lacpassSpec();
    expect((await server.gql(`mutation { createRealm(input: {name: "${REALM}"}) { id } }`)).errors).toBeUndefined();
    expect((await server.gql(`mutation { createClient(input: {realm: "${REALM}", clientId: "app", public: true, grants: ["password", "refresh_token"]}) { client { id } } }`)).errors).toBeUndefined();
  });
  afterAll(() => server?.stop());

  it("with a limit of 0, a second use fails, ends the session, and the newer token fails too", async () => {
    await setReuse(0);
    const tokens = await login();
    const first = await refresh(server, tokens.refresh_token, {}, REALM);
    expect(first.status).toBe(200);
    const reuse = await refresh(server, tokens.refresh_token, {}, REALM);
    expect(reuse.status).toBe(400);
    spec.expectError(reuse.body, "invalid_grant", "Maximum allowed refresh token reuse exceeded");
    expect(reuse.headers.get("cache-control")).toBe("no-store");
    expect(await sessionStatus(tokens.session_state)).toBe("revoked");
    const newer = await refresh(server, first.body.refresh_token, {}, REALM);
    expect(newer.status).toBe(400);
    spec.expectError(newer.body, "invalid_grant", "Session not active");
    expect((await userinfo(server, first.body.access_token, REALM)).status).toBe(401);
  });

  it("with a limit of 2, a token serves three refreshes, then the session ends", async () => {
    await setReuse(2);
    const tokens = await login();
    for (let i = 0; i < 3; i++) expect((await refresh(server, tokens.refresh_token, {}, REALM)).status).toBe(200);
    const fourth = await refresh(server, tokens.refresh_token, {}, REALM);
    spec.expectError(fourth.body, "invalid_grant", "Maximum allowed refresh token reuse exceeded");
  });

  it("counts each token on its own: a chain of fresh tokens never runs out", async () => {
    await setReuse(0);
    let current = await login();
    for (let i = 0; i < 4; i++) {
      const res = await refresh(server, current.refresh_token, {}, REALM);
      expect(res.status).toBe(200);
      current = res.body;
    }
  });

  for (const limit of [0, 3]) {
    it(`sent 12 times in parallel with a limit of ${limit}, a token succeeds exactly ${limit + 1} times`, async () => {
      await setReuse(limit);
      const tokens = await login();
      const results = await Promise.all(Array.from({ length: 12 }, () => refresh(server, tokens.refresh_token, {}, REALM)));
      const ok = results.filter((r) => r.status === 200);
      const failed = results.filter((r) => r.status !== 200);
      expect(ok).toHaveLength(limit + 1);
      for (const res of failed) {
        expect(res.status).toBe(400);
        spec.expectError(res.body, "invalid_grant");
        expect(["Maximum allowed refresh token reuse exceeded", "Session not active"]).toContain(res.body.error_description);
      }
      expect(failed.some((r) => r.body.error_description === "Maximum allowed refresh token reuse exceeded")).toBe(true);
      const [row] = await server.database.db.select().from(tables.refreshTokens).where(eq(tables.refreshTokens.sessionId, tokens.session_state)).orderBy(tables.refreshTokens.issuedAt).limit(1);
      expect(row!.useCount).toBeGreaterThanOrEqual(limit + 2);
      expect(await sessionStatus(tokens.session_state)).toBe("revoked");
    });
  }
});
