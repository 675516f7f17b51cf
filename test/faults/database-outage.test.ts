import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "#src/http/index.js";
import { AUTH_PASSWORD, authCall, loginTicket } from "#test/support/auth-service.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { ADMIN_KEY, graphqlPoster, testConfig, type TestServer } from "#test/support/server.js";
import { startTcpProxy, throughProxy, type TcpProxy } from "#test/support/tcp-proxy.js";

const BROKER_KEY = "broker-key-0123456789abcdef";
/** A request must be answered, not left hanging: past this the test fails rather than waits for vitest's timeout. */
const ANSWER_WITHIN_MS = 15_000;
const CHANGES_CHANNEL = "identity_changes";

interface Answer {
  status: number;
  body: any;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** Polls until check holds; the bound only stops a broken recovery from waiting for vitest's timeout. */
async function eventually(check: () => Promise<boolean>, what: string, boundMs = 40_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The outage is made by cutting a TCP proxy between one server and PostgreSQL; PGlite runs in process and has no connection to cut.
describe.skipIf(backend() === "pglite")("PostgreSQL unavailable: every contract answers its 503 (or equivalent), and service resumes by itself (PostgreSQL only)", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;
  let gql: TestServer["gql"];
  const logLines: Record<string, any>[] = [];
  let user: { username: string; accessToken: string; sessionId: string; ticket: { token: string; cookie: string } };
  let injected = 0;
  let checked = 0;

  /** One request per contract that needs the database; each names its expected answer in the contract's own shape. */
  const probes = (): { name: string; request: () => Promise<Answer>; down: Answer; up: Partial<Answer> }[] => [
    {
      name: "OIDC token (password grant)",
      request: () => call(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, form({ grant_type: "password", client_id: "app", username: user.username, password: AUTH_PASSWORD, scope: "openid" })),
      down: { status: 503, body: { error: "temporarily_unavailable", error_description: "Service is unavailable" } },
      up: { status: 200 },
    },
    {
      name: "OIDC userinfo",
      request: () => call(`${server.publicUrl}/realms/master/protocol/openid-connect/userinfo`, { headers: { authorization: `Bearer ${user.accessToken}` } }),
      down: { status: 503, body: { error: "temporarily_unavailable", error_description: "Service is unavailable" } },
      up: { status: 200 },
    },
    {
      name: "Galaxy GET session",
      request: () => call(`${server.internalUrl}/api/v1/internal/sessions/${user.sessionId}`),
      down: { status: 503, body: { error: { code: "service_unavailable", message: "service is unavailable" } } },
      up: { status: 200 },
    },
    {
      name: "ID Broker GET /site/status",
      request: () => call(`${server.publicUrl}/site/status`),
      // The deployed broker answers 500 when its database fails (reference notes, SiteController).
      down: { status: 500, body: { name: "Internal Server Error", message: "An internal server error occurred.", code: 0, status: 500 } },
      up: { status: 204 },
    },
    {
      name: "ID Broker POST /authentication",
      request: () => call(`${server.publicUrl}/authentication`, json({ username: user.username, password: AUTH_PASSWORD }, { authorization: `Bearer ${BROKER_KEY}` })),
      down: { status: 500, body: { name: "Internal Server Error", message: "An internal server error occurred.", code: 0, status: 500 } },
      up: { status: 200 },
    },
    {
      name: "auth-service who-am-i",
      request: async () => {
        const a = await authCall(server.publicUrl, "POST", "/system/auth/who-am-i", { token: user.ticket.token, cookie: user.ticket.cookie });
        return { status: a.status, body: a.body };
      },
      down: { status: 503, body: { success: false, message: "Service is unavailable" } },
      up: { status: 200 },
    },
    {
      name: "passkey forward auth",
      request: () => call(`${server.publicUrl}/auth/api/forward`, { headers: { cookie: `__Host-auth=${randomBytes(12).toString("base64url")}` } }),
      down: { status: 503, body: { detail: "Service unavailable" } },
      // A random token names no session: the contract's own refusal, so the lookup ran.
      up: { status: 401 },
    },
    {
      name: "GraphQL query",
      request: () => call(`${server.publicUrl}/graphql`, json({ query: "{ storeAvailable }" }, { authorization: `Bearer ${ADMIN_KEY}` })),
      down: { status: 503, body: expect.objectContaining({ errors: [expect.objectContaining({ message: "service is unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } })] }) },
      up: { status: 200, body: { data: { storeAvailable: true } } },
    },
    {
      name: "GraphQL with a user's token (the caller is looked up before any resolver)",
      request: () => call(`${server.publicUrl}/graphql`, json({ query: "{ realms { name } }" }, { authorization: `Bearer ${user.accessToken}` })),
      down: { status: 503, body: expect.objectContaining({ errors: [expect.objectContaining({ message: "service is unavailable", extensions: { code: "SERVICE_UNAVAILABLE" } })] }) },
      // A user may not list realms: the graph's refusal, so the caller was found.
      up: { status: 200, body: { data: null, errors: [expect.objectContaining({ extensions: { code: "FORBIDDEN" } })] } },
    },
    ...(["public", "internal"] as const).map((listener) => ({
      name: `/readyz on the ${listener} listener`,
      request: () => call(`${listener === "public" ? server.publicUrl : server.internalUrl}/readyz`),
      down: { status: 503, body: { status: "unavailable", database: "postgres" } },
      up: { status: 200, body: { status: "ready", database: "postgres" } },
    })),
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n")) if (line) logLines.push(JSON.parse(line));
        done();
      },
    });
    server = await startServer(
      testConfig(throughProxy(database.url, proxy), { API_ACCESS_KEYS: BROKER_KEY, PURGE_INTERVAL_SECONDS: "0", LOG_LEVEL: "info" }),
      { logger: pino({ level: "info" }, sink) },
    );
    gql = graphqlPoster(server.publicUrl);
    const username = `outage-${randomBytes(4).toString("hex")}`;
    const created = await gql(`mutation($u: String!, $e: String!) { createUser(input: {username: $u, email: $e}) { id } }`, { u: username, e: `${username}@example.com` });
    await gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: created.data!.createUser.id, p: AUTH_PASSWORD });
    const grant = await call(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, form({ grant_type: "password", client_id: "app", username, password: AUTH_PASSWORD, scope: "openid" }));
    expect(grant.status).toBe(200);
    const ticket = await loginTicket({ publicUrl: server.publicUrl } as TestServer, username);
    user = { username, accessToken: grant.body.access_token, sessionId: grant.body.session_state, ticket: { token: ticket.token, cookie: ticket.cookie } };
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => {});
    await server?.stop();
    await proxy?.close();
    await database?.drop();
    // Figures for SECURITY.md ("Faults").
    console.info(`faults/database-outage: ${injected} outages injected, ${checked} answers checked`);
  });

  it("answers normally before the outage", async () => {
    for (const probe of probes()) {
      const answer = await probe.request();
      expect.soft(answer, probe.name).toMatchObject(probe.up);
      checked++;
    }
  });

  it("with the database cut: each contract's 503 (the ID Broker's 500) within a bounded time, /readyz fails, and the log says why", async () => {
    await proxy.cut();
    injected++;
    // Twice: the first round meets severed pool connections, the second finds new connections refused.
    for (let round = 0; round < 2; round++) {
      for (const probe of probes()) {
        const answer = await probe.request();
        expect.soft(answer, `${probe.name} (round ${round + 1})`).toEqual(probe.down);
        checked++;
      }
    }
    const faults = logLines.filter((line) => line.domainCode === "SERVICE_UNAVAILABLE" || line.msg === "database not ready");
    expect(faults.length).toBeGreaterThan(0);
    for (const line of faults) expect(JSON.stringify(line.err)).toMatch(/ECONNREFUSED|ECONNRESET|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECT_TIMEOUT/);
    // Never a secret in those lines: not the password, not a token.
    const all = JSON.stringify(logLines);
    for (const secret of [AUTH_PASSWORD, user.accessToken, user.ticket.cookie.replace(/^bearer /, "")]) expect(all).not.toContain(secret);
  });

  it("once the database is back: readiness, every contract and the change listener resume without a restart", async () => {
    const heard: string[] = [];
    const unsubscribe = server.database.changes.subscribe((signal) => heard.push(signal));
    await proxy.restore();
    await eventually(async () => (await call(`${server.publicUrl}/readyz`)).status === 200, "/readyz back to 200");
    for (const probe of probes()) {
      const answer = await probe.request();
      expect.soft(answer, probe.name).toMatchObject(probe.up);
      checked++;
    }
    // The LISTEN connection is back: a NOTIFY another instance sends (here, a direct connection) reaches this one.
    const other = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await eventually(async () => {
        await other`select pg_notify(${CHANGES_CHANNEL}, 'session-events')`;
        await new Promise((r) => setTimeout(r, 100));
        return heard.includes("session-events");
      }, "a NOTIFY heard after the outage");
    } finally {
      unsubscribe();
      await other.end();
    }
    checked++;
  });

  it("recovers from a second outage the same way", async () => {
    await proxy.cut();
    injected++;
    expect((await call(`${server.publicUrl}/readyz`)).status).toBe(503);
    await proxy.restore();
    await eventually(async () => (await call(`${server.publicUrl}/readyz`)).status === 200, "/readyz back to 200");
    for (const probe of probes()) {
      const answer = await probe.request();
      expect.soft(answer, probe.name).toMatchObject(probe.up);
      checked += 1;
    }
    checked++;
  });
});
