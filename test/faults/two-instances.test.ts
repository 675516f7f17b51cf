import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "#src/http/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { ADMIN_KEY, graphqlPoster, testConfig } from "#test/support/server.js";

const PASSWORD = "correct horse battery";
const REALM = "faults";
/** Behind a load balancer every instance shares PUBLIC_URL (the issuer) and SECRETS_KEY. */
const PUBLIC_URL = "http://identity.example.test";
const SESSIONS = 24;
const MFA_GUESSES = 24;
const MAX_RECENT_FAILURES = 5;

interface Tokens {
  access_token: string;
  refresh_token: string;
  session_state: string;
}

interface Answer {
  status: number;
  body: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

// PGlite is one in-process database that a second server cannot open: the scenario needs PostgreSQL.
describe.skipIf(backend() === "pglite")("two instances on one PostgreSQL under concurrent login, refresh and revoke keep every invariant (PostgreSQL only)", () => {
  let database: TestDatabase;
  let instances: [RunningServer, RunningServer];
  let requests = 0;
  let invariants = 0;

  const start = () =>
    startServer(
      testConfig(database.url, { PUBLIC_URL, PURGE_INTERVAL_SECONDS: "0" }),
      { logger: pino({ level: "silent" }) },
    );
  const gql = (server: RunningServer, query: string, variables: Record<string, unknown> = {}, bearer: string | null = ADMIN_KEY) => {
    requests++;
    return graphqlPoster(server.publicUrl)(query, variables, bearer);
  };
  const oidc = (server: RunningServer, path: string) => `${server.publicUrl}/realms/${REALM}/protocol/openid-connect${path}`;
  const tokenRequest = async (server: RunningServer, form: Record<string, string>) => {
    requests++;
    const body = new URLSearchParams({ client_id: "app", ...form }).toString();
    return answer(await fetch(oidc(server, "/token"), { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }));
  };
  const login = (server: RunningServer, username: string) => tokenRequest(server, { grant_type: "password", username, password: PASSWORD, scope: "openid" });
  const refresh = (server: RunningServer, token: string) => tokenRequest(server, { grant_type: "refresh_token", refresh_token: token });
  const userinfo = async (server: RunningServer, token: string) => {
    requests++;
    return answer(await fetch(oidc(server, "/userinfo"), { headers: { authorization: `Bearer ${token}` } }));
  };
  const galaxySession = async (server: RunningServer, id: string) => {
    requests++;
    return answer(await fetch(`${server.internalUrl}/api/v1/internal/sessions/${id}`));
  };
  const newUser = async (server: RunningServer) => {
    const username = `two-${Math.random().toString(36).slice(2, 10)}`;
    const created = await gql(server, `mutation($u: String!, $r: String!) { createUser(input: {username: $u, realm: $r}) { id } }`, { u: username, r: REALM });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createUser.id as string;
    expect((await gql(server, `mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id, p: PASSWORD })).errors).toBeUndefined();
    return { id, username };
  };
  const setReuse = async (server: RunningServer, n: number) => {
    const res = await gql(server, `mutation($r: String!, $n: Int!) { updateRealm(name: $r, input: {revokeRefreshToken: true, refreshTokenMaxReuse: $n}) { refreshTokenMaxReuse } }`, { r: REALM, n });
    expect(res.errors).toBeUndefined();
  };
  /** The other instance hears of a realm change by NOTIFY: wait until a fresh token there shows it. */
  const awaitReuseLimit = async (n: number) => {
    const user = await newUser(instances[0]);
    for (;;) {
      const tokens = (await login(instances[1], user.username)).body as Tokens;
      const outcomes = [];
      for (let i = 0; i <= n + 1; i++) outcomes.push((await refresh(instances[1], tokens.refresh_token)).status);
      if (outcomes.filter((s) => s === 200).length === n + 1) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    instances = [await start(), await start()];
    const [a] = instances;
    expect((await gql(a, `mutation($r: String!) { createRealm(input: {name: $r, revokeRefreshToken: true, refreshTokenMaxReuse: 0}) { id } }`, { r: REALM })).errors).toBeUndefined();
    expect((await gql(a, `mutation($r: String!) { createClient(input: {realm: $r, clientId: "app", public: true, grants: ["password", "refresh_token"]}) { client { id } } }`, { r: REALM })).errors).toBeUndefined();
  });
  afterAll(async () => {
    await Promise.all(instances?.map((s) => s?.stop()) ?? []);
    await database?.drop();
    // Figures for SECURITY.md ("Faults").
    console.info(`faults/two-instances: ${requests} requests, ${invariants} invariants checked`);
  });

  it("a session revoked on either instance, in the middle of logins and refreshes on both, never works again on either", async () => {
    const [a, b] = instances;
    const users = await Promise.all(Array.from({ length: 6 }, () => newUser(a)));
    // Logins split between the instances, all at once.
    const logins = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => login(instances[i % 2]!, users[i % users.length]!.username)));
    for (const l of logins) expect(l.status).toBe(200);
    const sessions = logins.map((l) => ({ tokens: l.body as Tokens, latest: (l.body as Tokens).refresh_token, revoked: false }));

    // At once: every even session revoked on one instance while every session refreshes on the other.
    await Promise.all(
      sessions.flatMap((s, i) => {
        const [here, there] = i % 4 < 2 ? [a, b] : [b, a];
        const work: Promise<unknown>[] = [
          refresh(there, s.tokens.refresh_token).then((r) => {
            if (r.status === 200) s.latest = r.body.refresh_token;
            else expect(r.body).toMatchObject({ error: "invalid_grant" });
          }),
        ];
        if (i % 2 === 0) {
          work.push(
            gql(here, `mutation($id: ID!) { revokeSession(id: $id, reasonCode: "faults") { outcome } }`, { id: s.tokens.session_state }).then((r) => {
              expect(r.data?.revokeSession?.outcome).toBe("REVOKED");
              s.revoked = true;
            }),
          );
        }
        return work;
      }),
    );

    await Promise.all(sessions.map(async (s) => {
      for (const server of instances) {
        const info = await userinfo(server, s.tokens.access_token);
        const again = await refresh(server, s.latest);
        // A user may not list realms: FORBIDDEN says the token was honoured, UNAUTHENTICATED that it was not.
        const graph = await gql(server, `{ realms { name } }`, {}, s.tokens.access_token);
        const galaxy = await galaxySession(server, s.tokens.session_state);
        if (s.revoked) {
          expect(info.status).toBe(401);
          expect(again.body).toEqual({ error: "invalid_grant", error_description: "Session not active" });
          expect(graph.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
          expect(galaxy.body.session.status).toBe("revoked");
        } else {
          expect(info.status).toBe(200);
          expect(again.status).toBe(200);
          s.latest = again.body.refresh_token;
          expect(graph.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
          expect(galaxy.body.session.status).toBe("active");
        }
        invariants += 4;
      }
    }));
  });

  it("a refresh token used on both instances at once follows the reuse rule exactly as on one", async () => {
    for (const limit of [0, 2]) {
      await setReuse(instances[0], limit);
      await awaitReuseLimit(limit);
      const user = await newUser(instances[0]);
      const tokens = (await login(instances[0], user.username)).body as Tokens;
      const uses = await Promise.all(Array.from({ length: 8 }, (_, i) => refresh(instances[i % 2]!, tokens.refresh_token)));
      const passed = uses.filter((u) => u.status === 200);
      // The token serves limit + 1 refreshes in all; the use after them ends the session.
      expect(passed).toHaveLength(limit + 1);
      for (const u of uses.filter((x) => x.status !== 200)) {
        expect(u.status).toBe(400);
        expect([["invalid_grant", "Maximum allowed refresh token reuse exceeded"], ["invalid_grant", "Session not active"]]).toContainEqual([u.body.error, u.body.error_description]);
      }
      expect(uses.some((u) => u.body.error_description === "Maximum allowed refresh token reuse exceeded")).toBe(true);
      for (const server of instances) {
        expect((await userinfo(server, passed[0]!.body.access_token)).status).toBe(401);
        expect((await refresh(server, passed[0]!.body.refresh_token)).body).toEqual({ error: "invalid_grant", error_description: "Session not active" });
      }
      invariants += 3;
    }
  });

  it(`parallel wrong MFA codes on both instances get ${MAX_RECENT_FAILURES} tries in all, then the right code is refused too`, async () => {
    const user = await newUser(instances[0]);
    const created = await gql(instances[0], `mutation($id: ID!) { createMfa(input: {userId: $id, type: "backupcode", realm: "${REALM}"}) { id data } }`, { id: user.id });
    expect(created.errors).toBeUndefined();
    const { id: mfaId, data: codes } = created.data!.createMfa as { id: number; data: string[] };
    const verify = (server: RunningServer, value: string) =>
      gql(server, `mutation($input: VerifyMfaInput!) { verifyMfa(input: $input) { id } }`, { input: { userId: user.id, mfaId, value } });
    const wrong = (i: number) => String(10_000_000 + i).slice(-codes[0]!.length);
    const guesses = await Promise.all(Array.from({ length: MFA_GUESSES }, (_, i) => verify(instances[i % 2]!, wrong(i))));
    const outcomes = guesses.map((g) => g.errors?.[0]?.extensions?.code);
    expect(outcomes.filter((c) => c === "MFA_VALUE_INVALID")).toHaveLength(MAX_RECENT_FAILURES);
    expect(outcomes.filter((c) => c === "MFA_RATE_LIMITED")).toHaveLength(MFA_GUESSES - MAX_RECENT_FAILURES);
    for (const server of instances) {
      expect((await verify(server, codes[0]!)).errors?.[0]?.extensions?.code).toBe("MFA_RATE_LIMITED");
    }
    invariants += 3;
  });
});
