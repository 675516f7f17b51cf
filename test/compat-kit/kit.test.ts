import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { InvalidDocumentError } from "#compat/kit/index.js";
import { loadConfig } from "#src/config/index.js";
import { startServer } from "#src/http/index.js";
import { createTestDatabase } from "#test/support/database.js";
import { startTestServer, TEST_SECRETS_KEY, type TestServer } from "#test/support/server.js";
import { brokenContract, fault, kitContract, kitInternalContract, kitStrayContract } from "./fixture-contracts.js";

const extraContracts = [kitContract, kitInternalContract, kitStrayContract];

async function call(url: string, init: { method?: string; body?: string } = {}) {
  const res = await fetch(url, { method: init.method ?? "GET", headers: { "content-type": "application/json" }, body: init.body });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("compat kit: a contract's own terms", () => {
  let server: TestServer;
  const post = (path: string, body: string) => call(`${server.publicUrl}/kit${path}`, { method: "POST", body });
  beforeAll(async () => {
    server = await startTestServer({ extraContracts });
  });
  afterAll(() => server?.stop());

  it("runs a GraphQL document and answers in the contract's shape", async () => {
    const res = await post("/users", JSON.stringify({ username: "kit-alice" }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ user: { id: expect.any(String), username: "kit-alice" } });
  });

  it("reads through the graph with the route's params", async () => {
    const created = await post("/users", JSON.stringify({ username: "kit-session-owner" }));
    const userId = (created.body as { user: { id: string } }).user.id;
    const session = await server.services.sessions.create({ userId, kind: "browser" });
    const res = await call(`${server.publicUrl}/kit/sessions/${session.id}`);
    expect(res).toEqual({ status: 200, body: { session: { id: session.id, userId, status: "ACTIVE" } } });
  });

  it("answers a request that fails the zod schema with the contract's invalidRequest body and 400", async () => {
    const res = await post("/users", JSON.stringify({ username: "" }));
    expect(res).toEqual({ status: 400, body: { fault: { kind: "invalid", detail: expect.stringContaining("username") } } });
    const unknownField = await post("/users", JSON.stringify({ username: "x", admin: true }));
    expect(unknownField).toEqual({ status: 400, body: { fault: { kind: "invalid", detail: expect.stringContaining("admin") } } });
    const badParam = await call(`${server.publicUrl}/kit/sessions/not-a-uuid`);
    expect(badParam).toEqual({ status: 400, body: { fault: { kind: "invalid", detail: expect.stringContaining("id") } } });
  });

  it("answers malformed JSON with the contract's invalidRequest body, not the generic one", async () => {
    const res = await post("/users", '{"username": ');
    expect(res).toEqual({ status: 400, body: fault(400, "invalid", "request body is not valid JSON").body });
  });

  it("answers an oversized body with the contract's invalidRequest body and 413", async () => {
    const res = await post("/users", JSON.stringify({ username: "x".repeat(101 * 1024) }));
    expect(res).toEqual({ status: 413, body: fault(413, "invalid", "request body is too large").body });
  });

  it("maps a domain error through the contract's table", async () => {
    await post("/users", JSON.stringify({ username: "kit-dup" }));
    const res = await post("/users", JSON.stringify({ username: "kit-dup" }));
    expect(res).toEqual({ status: 409, body: fault(409, "taken", "that name is in use").body });
  });

  it("passes the classified failure to a table entry that is a function", async () => {
    const res = await post("/users", JSON.stringify({ username: "has space" }));
    expect(res).toEqual({ status: 422, body: { fault: { kind: "rejected", detail: expect.stringMatching(/^username must be/) } } });
  });

  it("answers a code the table does not map with its INTERNAL entry", async () => {
    // The same document on /graphql shows which code the contract had no entry for.
    const direct = await server.gql(`mutation { createUser(input: {username: "kit-lost", realm: "no-such-realm"}) { id } }`);
    expect(direct.errors?.[0]?.extensions?.code).toBe("REALM_NOT_FOUND");
    const res = await post("/users", JSON.stringify({ username: "kit-lost", realm: "no-such-realm" }));
    expect(res).toEqual({ status: 500, body: fault(500, "broken", "something went wrong").body });
  });

  it("answers an unexpected throw with the INTERNAL entry and no detail of it", async () => {
    const res = await call(`${server.publicUrl}/kit/explode`, { method: "POST", body: "{}" });
    expect(res).toEqual({ status: 500, body: fault(500, "broken", "something went wrong").body });
    expect(JSON.stringify(res.body)).not.toContain("secret-volume");
  });

  describe("malformed input, refused at the edge before schemas, routes and statements", () => {
    it("answers NUL or a lone surrogate in a body with invalidRequest (400), not the table's BAD_USER_INPUT (422)", async () => {
      const users = await server.gql(`{ users(first: 100) { nodes { id } } }`);
      expect(await post("/users", '{"username":"kit-\\u0000"}')).toEqual({ status: 400, body: fault(400, "invalid", "username must not contain NUL characters").body });
      expect(await post("/users", '{"username":"kit-\\ud800"}')).toEqual({ status: 400, body: fault(400, "invalid", "username must not contain unpaired UTF-16 surrogates").body });
      expect(await post("/users", '{"username":"kit-ok","\\u0000":1}')).toEqual({ status: 400, body: fault(400, "invalid", "a field name must not contain NUL characters").body });
      expect(await server.gql(`{ users(first: 100) { nodes { id } } }`)).toEqual(users);
    });

    it("answers NUL or bytes that are not UTF-8 in the query string the same way", async () => {
      expect(await post("/users?x=%00", JSON.stringify({ username: "kit-q" }))).toEqual({ status: 400, body: fault(400, "invalid", "query parameter x must not contain NUL characters").body });
      expect(await post("/users?x=%FF", JSON.stringify({ username: "kit-q" }))).toEqual({ status: 400, body: fault(400, "invalid", "the query string is not valid percent-encoded UTF-8").body });
    });

    it("answers a path parameter that does not decode, or decodes to NUL, with invalidRequest when the contract has no notFound", async () => {
      expect(await call(`${server.publicUrl}/kit/sessions/%ED%A0%80`)).toEqual({ status: 400, body: fault(400, "invalid", "request path is not valid percent-encoded UTF-8").body });
      expect(await call(`${server.publicUrl}/kit/sessions/%00`)).toEqual({ status: 400, body: fault(400, "invalid", "id must not contain NUL characters").body });
    });

    it("lets a route answer malformed input its own way", async () => {
      expect(await post("/login", JSON.stringify({ username: "ok" }))).toEqual({ status: 200, body: { ok: true } });
      expect(await post("/login", JSON.stringify({ username: "\u0000" }))).toEqual({ status: 401, body: fault(401, "denied", "login failed").body });
      expect(await post("/login?u=%ED%A0%80", JSON.stringify({ username: "ok" }))).toEqual({ status: 401, body: fault(401, "denied", "login failed").body });
    });

    it("answers an undecodable path no contract's handler covers with the listener's 400, never a 500", async () => {
      expect(await call(`${server.publicUrl}/kit-stray-outside/plain`)).toEqual({ status: 200, body: { id: "plain" } });
      expect(await call(`${server.publicUrl}/kit-stray-outside/%ED%A0%80`)).toEqual({ status: 400, body: { error: "request path is not valid percent-encoded UTF-8" } });
    });
  });

  it("serves a contract only on its own listener", async () => {
    expect(await call(`${server.internalUrl}/kit-internal/ping`)).toEqual({ status: 200, body: { pong: "Query" } });
    expect(await call(`${server.publicUrl}/kit-internal/ping`)).toEqual({ status: 404, body: { error: "not found" } });
    expect(await call(`${server.internalUrl}/kit/sessions/${crypto.randomUUID()}`)).toEqual({ status: 404, body: { error: "not found" } });
  });
});

describe("compat kit: the database is gone", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ extraContracts });
    await server.database.close();
  });
  afterAll(() => server?.stop());

  it("answers with the contract's SERVICE_UNAVAILABLE entry", async () => {
    const res = await call(`${server.publicUrl}/kit/users`, { method: "POST", body: JSON.stringify({ username: "kit-nobody" }) });
    expect(res).toEqual({ status: 503, body: fault(503, "down", "try again later").body });
  });
});

describe("compat kit: documents are checked at start-up", () => {
  it("refuses to start with a document the schema does not validate", async () => {
    // startServer directly (not startTestServer), so the test database is dropped even though start-up fails.
    const database = await createTestDatabase();
    try {
      const config = loadConfig({ PORT: "0", INTERNAL_PORT: "0", HOST: "127.0.0.1", DATABASE_URL: database.url, SECRETS_KEY: TEST_SECRETS_KEY });
      const starting = startServer(config, { logger: pino({ level: "silent" }), extraContracts: [brokenContract] });
      await expect(starting).rejects.toThrow(InvalidDocumentError);
      await expect(starting).rejects.toThrow(/kit-broken: document 'nope' is invalid: .*noSuchField/);
    } finally {
      await database.drop();
    }
  });
});
