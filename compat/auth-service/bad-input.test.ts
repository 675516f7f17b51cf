import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCall, claimsOf, loginTicket, newAuthUser, sessionStatus, type Ticket } from "#test/support/auth-service.js";
import { rawRequest } from "#test/support/raw-http.js";
import { allRowCounts } from "#test/support/row-counts.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const refused = (message: string) => ({ success: false, message });

describe("auth-service bad input: the envelope, the right status, nothing revoked", () => {
  let server: TestServer;
  let ticket: Ticket;
  let victim: Ticket;
  let before: Record<string, number>;

  beforeAll(async () => {
    server = await startTestServer();
    const user = await newAuthUser(server);
    ticket = await loginTicket(server, user.username);
    victim = await loginTicket(server, (await newAuthUser(server)).username);
    before = await allRowCounts(server);
  });
  afterAll(async () => {
    // Nothing any test here sent ended a session or wrote a row.
    expect(await allRowCounts(server)).toEqual(before);
    expect(await sessionStatus(server, claimsOf(ticket.token).sessionId as string)).toMatchObject({ status: "ACTIVE" });
    expect(await sessionStatus(server, claimsOf(victim.token).sessionId as string)).toMatchObject({ status: "ACTIVE" });
    await server?.stop();
  });

  it("refuses a ticket part that is not 'bearer <jwt>' with 403", async () => {
    for (const [token, cookie, message] of [
      ["garbage", ticket.cookie, "Authentication failed! The access token must be 'bearer <jwt>'"],
      ["bearer not.a jwt", ticket.cookie, "Authentication failed! The access token must be 'bearer <jwt>'"],
      [ticket.token, "garbage", "Authentication failed! The refreshId cookie must be 'bearer <jwt>'"],
    ] as const) {
      const answer = await authCall(server.publicUrl, "POST", "/system/auth/secure/logout", { token, cookie });
      expect([answer.status, answer.body], `${token} / ${cookie}`).toEqual([403, refused(message)]);
    }
    const whoAmI = await authCall(server.publicUrl, "POST", "/system/auth/who-am-i", { cookie: "bearer x" });
    expect([whoAmI.status, whoAmI.body]).toEqual([403, refused("Authentication failed! The refreshId cookie must be 'bearer <jwt>'")]);
    // A cookie that can never work is cleared, so the browser stops sending it.
    expect(whoAmI.cookie?.value).toBe("");
  });

  it("refuses a missing cookie on internal authenticate, as the document says", async () => {
    const answer = await authCall(server.internalUrl, "POST", "/internal/auth/api/authenticate", { token: ticket.token });
    expect([answer.status, answer.body]).toEqual([403, refused("Authentication failed! The refreshId cookie is missing")]);
  });

  it("answers a body that is not JSON, or not an object, or fields of the wrong type with 400", async () => {
    for (const [method, path, options, message] of [
      ["DELETE", "/system/auth/api/clear-session-by-id", { ...ticket, raw: { body: "{sessionId:", type: "application/json" } }, "request body is not valid JSON"],
      ["POST", "/system/auth/secure/clear-session-by-id", { ...ticket, body: [claimsOf(victim.token).sessionId] }, "request body must be a JSON object"],
      ["POST", "/system/auth/secure/clear-session-by-id", { ...ticket, body: { sessionId: 5 } }, "sessionId must be a string"],
      ["POST", "/system/auth/secure/clear-session-by-id", { ...ticket, body: {} }, "sessionId is required"],
      ["POST", "/system/auth/login", { raw: { body: "username=a&password=b", type: "application/json" } }, "request body is not valid JSON"],
      ["POST", "/system/auth/login", { body: { username: ["a"], password: "b" } }, "username must be a string"],
    ] as const) {
      const answer = await authCall(server.publicUrl, method, path, options);
      expect([answer.status, answer.body], `${method} ${path}`).toEqual([400, refused(message)]);
    }
  });

  it("refuses NUL characters and unpaired surrogates in any field with 400", async () => {
    for (const [path, body, message] of [
      ["/system/auth/secure/clear-session-by-id", `{"sessionId":"${claimsOf(victim.token).sessionId}\\u0000"}`, "sessionId must not contain NUL characters"],
      ["/system/auth/secure/clear-session-by-id", `{"sessionId":"\\ud800"}`, "sessionId must not contain unpaired UTF-16 surrogates"],
      ["/system/auth/login", `{"username":"a\\u0000","password":"b"}`, "username must not contain NUL characters"],
    ] as const) {
      const answer = await authCall(server.publicUrl, "POST", path, { ...ticket, raw: { body, type: "application/json" } });
      expect([answer.status, answer.body], body).toEqual([400, refused(message)]);
    }
    const hash = await authCall(server.internalUrl, "POST", "/internal/auth/hash", { raw: { body: `{"toHash":"\\u0000"}`, type: "application/json" } });
    expect([hash.status, hash.body]).toEqual([400, refused("toHash must not contain NUL characters")]);
  });

  it("refuses a body that is not UTF-8 with 400, and a cookie of raw bytes with 403", async () => {
    const body = Buffer.concat([Buffer.from('{"sessionId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const answer = await rawRequest(server.publicUrl, {
      method: "POST",
      target: "/system/auth/secure/clear-session-by-id",
      headers: [`Authentication: ${ticket.token}`, `Cookie: refreshId=${encodeURIComponent(ticket.cookie)}`, "Content-Type: application/json"],
      body,
    });
    expect([answer.status, answer.body]).toEqual([400, refused("the request body is not valid UTF-8")]);
    const cookie = await rawRequest(server.publicUrl, {
      method: "POST",
      target: "/system/auth/who-am-i",
      headers: [Buffer.concat([Buffer.from("Cookie: refreshId=bearer "), Buffer.from([0xff, 0xfe, 0x80])])],
    });
    expect([cookie.status, cookie.body]).toEqual([403, refused("Authentication failed! The refreshId cookie must be 'bearer <jwt>'")]);
  });

  it("refuses a session id of another user with 403 and revokes nothing", async () => {
    const answer = await authCall(server.publicUrl, "DELETE", "/system/auth/api/clear-session-by-id", { ...ticket, body: { sessionId: claimsOf(victim.token).sessionId } });
    expect([answer.status, answer.body]).toEqual([403, refused("No such session among yours: a user can end only their own sessions")]);
  });
});
