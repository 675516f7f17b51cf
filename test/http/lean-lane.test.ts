import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { gzipSync } from "node:zlib";
import { confidentialClient, newUser, passwordGrant, type TokenBody } from "#test/oidc/support.js";

/**
 * The lean lane answers a few hot GETs before express (src/http/lean-lane.ts). The same request
 * with a query string (which these routes ignore) always takes express, so each pair below is one answer from each path.
 */
describe("lean lane", () => {
  let server: TestServer;
  const lines: Record<string, unknown>[] = [];
  const revoke = { reason_code: "lean_lane_test", actor: { type: "system" } };
  let token: string;
  let userId: string;
  let sessionId: string;
  let revokedToken: string;
  let revokedSessionId: string;

  // Headers that differ between any two responses whatever served them.
  const stable = (headers: Headers) => Object.fromEntries([...headers].filter(([name]) => !["date", "x-request-id", "keep-alive", "connection"].includes(name)));
  const answer = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, init);
    return { status: res.status, headers: stable(res.headers), body: await res.text(), requestId: res.headers.get("x-request-id") };
  };
  const leanLines = () => lines.filter((line) => line.lane === "lean");

  const userinfoUrl = (realm = "master") => `${server.publicUrl}/realms/${realm}/protocol/openid-connect/userinfo`;
  const bearer = (value: string) => ({ headers: { authorization: `Bearer ${value}` } });

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    server = await startTestServer({ logger: pino({ level: "info" }, sink) });
    const user = await newUser(server);
    userId = user.id;
    const first = (await passwordGrant(server, user.email)).body as TokenBody;
    const second = (await passwordGrant(server, user.email)).body as TokenBody;
    token = first.access_token;
    revokedToken = second.access_token;
    sessionId = first.session_state!;
    revokedSessionId = second.session_state!;
    const res = await fetch(`${server.internalUrl}/api/v1/internal/sessions/${revokedSessionId}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(revoke),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => server?.stop());

  const cases: [string, () => [string, RequestInit?], number][] = [
    ["userinfo of a live token", () => [userinfoUrl(), bearer(token)], 200],
    ["userinfo without a token", () => [userinfoUrl()], 401],
    ["userinfo of a garbage token", () => [userinfoUrl(), bearer("not.a.jwt")], 401],
    ["userinfo of a revoked session's token", () => [userinfoUrl(), bearer(revokedToken)], 401],
    ["userinfo in an unknown realm", () => [userinfoUrl("nowhere"), bearer(token)], 404],
    ["a Galaxy session", () => [`${server.internalUrl}/api/v1/internal/sessions/${sessionId}`], 200],
    ["a revoked Galaxy session", () => [`${server.internalUrl}/api/v1/internal/sessions/${revokedSessionId}`], 200],
    ["an unknown Galaxy session", () => [`${server.internalUrl}/api/v1/internal/sessions/0192a4c5-0000-7000-8000-000000000000`], 404],
    ["a Galaxy session id that is no id", () => [`${server.internalUrl}/api/v1/internal/sessions/not-an-id`], 404],
    ["a user's Galaxy sessions", () => [`${server.internalUrl}/api/v1/internal/users/${userId}/sessions`], 200],
    ["an unknown user's Galaxy sessions", () => [`${server.internalUrl}/api/v1/internal/users/0b7f3c1e-4a0d-4c8e-9a53-000000000000/sessions`], 200],
  ];

  it.each(cases)("answers %s as express does, and serves it itself", async (_name, make, status) => {
    const [url, init] = make();
    const before = leanLines().length;
    const lean = await answer(url, init);
    expect(leanLines()).toHaveLength(before + 1);
    const viaExpress = await answer(`${url}?via=express`, init);
    expect(leanLines()).toHaveLength(before + 1);
    expect(lean.status).toBe(status);
    expect(lean).toEqual({ ...viaExpress, requestId: lean.requestId });
  });

  describe("form POSTs of the OIDC protocol (their bodies read by express's own parser)", () => {
    let secret: string;
    beforeAll(async () => {
      secret = await confidentialClient(server, "lean-introspector");
    });
    const form = (path: string, body: string | Buffer, headers: Record<string, string> = {}): [string, RequestInit] => [
      `${server.publicUrl}/realms/master/protocol/openid-connect${path}`,
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body },
    ];
    const introspect = (body: string) => form("/token/introspect", `client_id=lean-introspector&client_secret=${secret}&${body}`);
    const formCases: [string, () => [string, RequestInit], number][] = [
      ["an introspection of a live token", () => introspect(`token=${token}`), 200],
      ["an introspection of a revoked session's token", () => introspect(`token=${revokedToken}`), 200],
      ["an introspection by a wrong secret", () => form("/token/introspect", `client_id=lean-introspector&client_secret=wrong&token=${token}`), 401],
      ["an introspection with the client in Basic", () => form("/token/introspect", `token=${token}`, { authorization: `Basic ${Buffer.from(`lean-introspector:${secret}`).toString("base64")}` }), 200],
      ["a duplicated parameter", () => introspect(`token=${token}&token=x`), 400],
      ["a revocation of garbage", () => form("/revoke", `client_id=lean-introspector&client_secret=${secret}&token=garbage`), 200],
      ["a token request without grant_type", () => form("/token", "client_id=app"), 400],
      ["an unsupported grant type", () => form("/token", "grant_type=magic&client_id=app"), 400],
      ["a wrong password", () => form("/token", "grant_type=password&client_id=app&username=nobody%40example.com&password=nope"), 401],
      ["a logout with a garbage refresh token", () => form("/logout", "client_id=app&refresh_token=garbage"), 400],
      ["a JSON body", () => form("/token", JSON.stringify({ grant_type: "password" }), { "content-type": "application/json" }), 400],
      ["no body at all", () => form("/token", "", { "content-type": "" }), 400],
      ["escapes that are not UTF-8", () => form("/token", "grant_type=%C3%28"), 400],
      ["a NUL", () => form("/token", "grant_type=password&username=a%00b&client_id=app"), 400],
      ["too many parameters", () => form("/token", Array.from({ length: 101 }, (_, i) => `p${i}=1`).join("&")), 413],
      ["a charset no parser takes", () => form("/token", "grant_type=password", { "content-type": "application/x-www-form-urlencoded; charset=latin1" }), 415],
      ["a gzipped form", () => form("/token", gzipSync("grant_type=magic"), { "content-encoding": "gzip" }), 400],
      ["a plain body labelled gzip", () => form("/token", "grant_type=magic", { "content-encoding": "gzip" }), 400],
      ["an unknown realm", () => [`${server.publicUrl}/realms/nowhere/protocol/openid-connect/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=password" }], 404],
    ];

    it.each(formCases)("answers %s as express does, and serves it itself", async (_name, make, status) => {
      const [url, init] = make();
      const before = leanLines().length;
      const lean = await answer(url, init);
      expect(leanLines()).toHaveLength(before + 1);
      const viaExpress = await answer(`${url}?via=express`, make()[1]);
      expect(leanLines()).toHaveLength(before + 1);
      expect(lean.status).toBe(status);
      expect(lean).toEqual({ ...viaExpress, requestId: lean.requestId });
    });
  });

  it("gives each answer a request id, keeps a safe incoming one, and logs the line under it", async () => {
    const fresh = await answer(userinfoUrl(), bearer(token));
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await answer(userinfoUrl(), { headers: { authorization: `Bearer ${token}`, "x-request-id": "proxy-id.42" } });
    expect(kept.requestId).toBe("proxy-id.42");
    expect(leanLines().at(-1)).toMatchObject({ reqId: "proxy-id.42", req: { method: "GET" }, res: { statusCode: 200 } });
    const forged = await answer(userinfoUrl(), { headers: { authorization: `Bearer ${token}`, "x-request-id": "a b\u00e9" } });
    expect(forged.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("leaves to express what it does not serve: other methods, escapes in the path, HEAD", async () => {
    const before = leanLines().length;
    expect((await fetch(userinfoUrl(), { method: "POST", headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${server.internalUrl}/api/v1/internal/sessions/%00`)).status).toBe(404);
    expect((await fetch(`${server.internalUrl}/api/v1/internal/sessions/${sessionId}`, { method: "HEAD" })).status).toBe(200);
    expect(leanLines()).toHaveLength(before);
  });

  it("never sends an ETag, on either path", async () => {
    const lean = await fetch(userinfoUrl(), bearer(token));
    const viaExpress = await fetch(`${userinfoUrl()}?via=express`, bearer(token));
    expect(lean.headers.get("etag")).toBeNull();
    expect(viaExpress.headers.get("etag")).toBeNull();
  });
});
