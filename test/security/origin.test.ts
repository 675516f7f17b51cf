import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCall, claimsOf, loginTicket, newAuthUser, sessionStatus } from "#test/support/auth-service.js";
import { http } from "#test/support/passkeys/http.js";
import { startPasskeyServer, signedInAdmin } from "#test/support/passkeys/server.js";
import { openSocket } from "#test/support/passkeys/socket.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const PUBLIC = "https://id.example.com";
const LISTED = "https://app.example.com";
const EVIL = "https://evil.example.net";

/**
 * SECURITY.md, Browsers: a change made with a session cookie must come from an allowed page
 * (PUBLIC_URL's origin, AUTH_HOST, ALLOWED_ORIGINS, or the origin it was sent to), named by Origin,
 * else by Referer; a request with neither is a server's, and goes on. Reads and bearer calls are untouched.
 */
describe("auth-service: a change made with the refreshId cookie checks its Origin", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: PUBLIC, ALLOWED_ORIGINS: LISTED } });
  });
  afterAll(() => server?.stop());

  const ticket = async () => loginTicket(server, (await newAuthUser(server)).username);
  const whoAmI = (cookie: string, headers: Record<string, string>) => authCall(server.publicUrl, "POST", "/system/auth/who-am-i", { cookie, headers });

  it("refuses who-am-i from a foreign Origin with the contract's 403, keeping the cookie", async () => {
    const { cookie } = await ticket();
    const answer = await whoAmI(cookie, { origin: EVIL });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ success: false, message: "Forbidden! The request's Origin is not allowed" });
    expect(answer.headers.get("authentication")).toBeNull();
    expect(answer.cookie).toBeUndefined();
  });

  it.each([
    ["PUBLIC_URL's origin", { origin: PUBLIC }],
    ["an ALLOWED_ORIGINS entry", { origin: LISTED }],
    ["a Referer on an allowed origin", { referer: `${LISTED}/settings?tab=1` }],
    ["no Origin and no Referer (a server forwarding the cookie)", {}],
  ])("accepts who-am-i from %s", async (_name, headers) => {
    const { cookie } = await ticket();
    const answer = await whoAmI(cookie, headers);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers.get("authentication")).toMatch(/^bearer /);
  });

  it("accepts the origin the request was sent to (same origin)", async () => {
    const { cookie } = await ticket();
    expect((await whoAmI(cookie, { origin: server.publicUrl })).status).toBe(200);
  });

  it.each([
    ["a foreign Referer", { referer: `${EVIL}/page` }],
    ["an opaque Origin", { origin: "null" }],
    ["an Origin on the right host but another scheme", { origin: "http://id.example.com" }],
    ["an Origin with a path appended to an allowed one", { origin: `${PUBLIC}.evil.example.net` }],
  ])("refuses %s", async (_name, headers) => {
    const { cookie } = await ticket();
    expect((await whoAmI(cookie, headers)).status).toBe(403);
  });

  it("a forged logout ends nothing; the same logout from the page ends the session", async () => {
    const { token, cookie } = await ticket();
    const sessionId = String(claimsOf(cookie).sessionId);
    const forged = await authCall(server.publicUrl, "POST", "/system/auth/api/logout", { token, cookie, headers: { origin: EVIL } });
    expect(forged.status).toBe(403);
    expect((await sessionStatus(server, sessionId)).status).toBe("ACTIVE");
    const real = await authCall(server.publicUrl, "POST", "/system/auth/api/logout", { token, cookie, headers: { origin: PUBLIC } });
    expect(real.status).toBe(200);
    expect((await sessionStatus(server, sessionId)).status).not.toBe("ACTIVE");
  });

  it("reads and cookie-less calls are not affected", async () => {
    const { token, cookie } = await ticket();
    const list = await authCall(server.publicUrl, "GET", "/system/auth/api/list-sessions", { token, cookie, headers: { origin: EVIL } });
    expect(list.status).toBe(200);
    const login = await authCall(server.publicUrl, "POST", "/system/auth/who-am-i", { headers: { origin: EVIL } });
    expect(login.body).toMatchObject({ success: true, message: "anonymous" });
  });
});

describe("passkey contract and the admin UI's graph: a change made with the __Host-auth cookie checks its Origin", () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<typeof signedInAdmin>>;
  beforeAll(async () => {
    const started = await startPasskeyServer();
    server = started.server;
    admin = await signedInAdmin(server, started.adminLink!);
  });
  afterAll(() => server?.stop());

  const withCookie = (headers: Record<string, string>) => ({ cookie: `__Host-auth=${admin.cookie}`, ...headers });

  it("refuses a REST change from a foreign Origin with {detail} 403, and the session lives on", async () => {
    const forged = await http(server.publicUrl, "POST", "/auth/api/logout", { host: admin.host, headers: withCookie({ origin: EVIL }) });
    expect(forged.status).toBe(403);
    expect(forged.body).toEqual({ detail: "The request's Origin is not allowed to act with this session" });
    expect(forged.headers["set-cookie"]).toBeUndefined();
    const validate = await admin.call("POST", "/auth/api/validate", { headers: { origin: admin.origin } });
    expect(validate.status, validate.text).toBe(200);
  });

  it("a read with the cookie from a foreign Origin is not a change", async () => {
    const forward = await http(server.publicUrl, "GET", "/auth/api/forward", { host: admin.host, headers: withCookie({ origin: EVIL }) });
    expect(forward.status).toBe(204);
  });

  it("refuses a ceremony with the cookie from another page on the RP id before any WebSocket opens", async () => {
    const options = { host: admin.host, cookie: admin.cookie };
    const refused = await openSocket(server.publicUrl, "/auth/ws/register", { ...options, origin: "http://other.localhost:9" }).catch((error: { status?: number; body?: string }) => error);
    expect(refused).toMatchObject({ status: 403, body: JSON.stringify({ detail: "The request's Origin is not allowed to act with this session" }) });
    const fromPage = await openSocket(server.publicUrl, "/auth/ws/register", { ...options, origin: admin.origin });
    expect((await fromPage.next()).challenge).toEqual(expect.any(String));
    fromPage.ws.close();
  });

  it("refuses a graph mutation made with the cookie from a foreign Origin, and runs it from the page", async () => {
    const mutation = JSON.stringify({ query: `mutation { createOrg(displayName: \"forged\") { id } }` });
    const headers = withCookie({ "content-type": "application/json" });
    const forged = await http(server.publicUrl, "POST", "/graphql", { host: admin.host, headers: { ...headers, origin: EVIL }, raw: mutation });
    expect(forged.status).toBe(403);
    expect(forged.body.errors[0].extensions.code).toBe("ORIGIN_NOT_ALLOWED");
    const read = await http(server.publicUrl, "POST", "/graphql", { host: admin.host, headers: { ...headers, origin: admin.origin }, raw: JSON.stringify({ query: "{ __typename }" }) });
    expect(read.status).toBe(200);
  });
});
