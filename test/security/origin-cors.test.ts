import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCall, loginTicket, newAuthUser } from "#test/support/auth-service.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const LISTED = "https://app.example.com";
const OTHER = "https://evil.example.net";

const preflight = (server: TestServer, origin: string, path = "/system/auth/who-am-i") =>
  fetch(`${server.publicUrl}${path}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,authentication" },
  });

/** SECURITY.md, Browsers: CORS is closed unless CORS_ORIGINS lists origins; answers never sit in a cache. */
describe("CORS, closed by default", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("answers no preflight and allows no origin", async () => {
    const answer = await preflight(server, LISTED);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    const post = await authCall(server.publicUrl, "POST", "/system/auth/who-am-i", { headers: { origin: LISTED } });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a JSON answer that carries a ticket is no-store and nosniff", async () => {
    const { answer } = await loginTicket(server, (await newAuthUser(server)).username);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    const graph = await fetch(`${server.publicUrl}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
    expect(graph.headers.get("cache-control")).toBe("no-store");
    const internal = await authCall(server.internalUrl, "POST", "/internal/auth/hash", { body: { password: "x" } });
    expect(internal.headers.get("cache-control")).toBe("no-store");
  });

  it("a route's own Cache-Control is kept", async () => {
    const jwks = await fetch(`${server.publicUrl}/realms/master/.well-known/openid-configuration`);
    expect(jwks.status).toBe(200);
    const token = await fetch(`${server.publicUrl}/realms/master/protocol/openid-connect/token`, { method: "POST", body: new URLSearchParams({ grant_type: "password" }) });
    expect(token.headers.get("cache-control")).toBe("no-store");
    expect(token.headers.get("pragma")).toBe("no-cache");
  });
});

describe("CORS with CORS_ORIGINS", () => {
  let server: TestServer;
  let withCredentials: TestServer;
  beforeAll(async () => {
    [server, withCredentials] = await Promise.all([
      startTestServer({ env: { CORS_ORIGINS: LISTED } }),
      startTestServer({ env: { CORS_ORIGINS: `${LISTED},https://other-app.example.com`, CORS_CREDENTIALS: "true" } }),
    ]);
  });
  afterAll(() => Promise.all([server?.stop(), withCredentials?.stop()]));

  it("a listed origin's preflight gets exactly its origin back, without credentials unless configured", async () => {
    const answer = await preflight(server, LISTED);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(answer.headers.get("access-control-allow-methods")).toContain("POST");
    expect(answer.headers.get("access-control-allow-credentials")).toBeNull();
    expect(answer.headers.get("vary")).toContain("Origin");
  });

  it("an unlisted origin's preflight gets no Access-Control-Allow-Origin", async () => {
    for (const origin of [OTHER, `${LISTED}.evil.example.net`, "null"]) {
      const answer = await preflight(server, origin);
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("a listed origin may read the answer and its Authentication header, on the lean lane too", async () => {
    const { cookie } = await loginTicket(withCredentials, (await newAuthUser(withCredentials)).username);
    const answer = await authCall(withCredentials.publicUrl, "POST", "/system/auth/who-am-i", { cookie, headers: { origin: LISTED } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(answer.headers.get("access-control-allow-credentials")).toBe("true");
    expect(answer.headers.get("access-control-expose-headers")).toContain("Authentication");
    const preflighted = await preflight(withCredentials, LISTED);
    expect(preflighted.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("the internal listener sends no CORS headers at all", async () => {
    const answer = await preflight(server, LISTED).then(() => fetch(`${server.internalUrl}/internal/auth/hash`, { method: "OPTIONS", headers: { origin: LISTED, "access-control-request-method": "POST" } }));
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });
});
