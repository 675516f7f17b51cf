import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openApiValidator } from "#test/support/openapi.js";
import { rawRequest } from "#test/support/raw-http.js";
import { allRowCounts } from "#test/support/row-counts.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const spec = fileURLToPath(new URL("../../../shared/specs/galaxy-authsession.openapi.yaml", import.meta.url));
const BASE = "/api/v1/internal";
const actor = { type: "admin", id: "support-7" };

/** Strings PostgreSQL cannot store, or UTF-8 cannot carry, as JSON text writes them. */
const NUL = "\\u0000";
const LONE = "\\ud800";

describe("Galaxy bad input: the contract's answers (400 invalid_request where documented), never a 500, and no row changed", () => {
  let server: TestServer;
  let validator: Awaited<ReturnType<typeof openApiValidator>>;
  let userId: string;
  let sessionId: string;
  let before: Record<string, number>;

  /** A raw JSON text, so lone surrogates and NUL escapes go out exactly as written. */
  const call = async (method: string, path: string, json?: string, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers, ...(json === undefined ? {} : { "content-type": "application/json" }) } };
    if (json !== undefined) init.body = json;
    const res = await fetch(`${server.internalUrl}${BASE}${path}`, init);
    return { status: res.status, body: (await res.json()) as any };
  };

  /** Every 400 is the spec's ErrorResponse (as InvalidRequestError documents it) with code invalid_request. */
  const expectInvalid = (res: { status: number; body: any }, message: string | RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    validator.expectResponse("post", `${BASE}/user-blocks`, 400, res.body);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.message).toMatch(message);
  };

  beforeAll(async () => {
    server = await startTestServer();
    validator = await openApiValidator(spec);
    const created = await server.gql(`mutation { createUser(input: {username: "galaxy-bad-input", email: "gbi@example.com"}) { id } }`);
    userId = created.data!.createUser.id;
    sessionId = (await server.services.sessions.create({ userId, kind: "browser" })).id;
    before = await allRowCounts(server);
  });
  beforeEach(async () => {
    // Each case starts from, and must leave, the same rows.
    expect(await allRowCounts(server)).toEqual(before);
  });
  afterAll(async () => {
    expect(await allRowCounts(server)).toEqual(before);
    const session = await call("GET", `/sessions/${sessionId}`);
    expect(session.body.session.status).toBe("active");
    await server?.stop();
  });

  describe("a path segment that does not decode, or decodes to NUL", () => {
    const segments: [string, RegExp][] = [
      ["%ED%A0%80", /request path is not valid percent-encoded UTF-8/], // an encoded surrogate: not UTF-8
      ["%FF", /not valid percent-encoded UTF-8/],
      ["%E2%82", /not valid percent-encoded UTF-8/], // a truncated sequence
      ["%ZZ", /not valid percent-encoded UTF-8/],
      ["%00", /must not contain NUL characters/],
      [`${"a".repeat(10)}%00`, /must not contain NUL characters/],
    ];
    for (const [segment, message] of segments) {
      it(`${segment}: the writes answer 400 invalid_request, the reads what they document for an unknown id`, async () => {
        // The two reads document no 400: a session that does not exist, and a user with no sessions.
        const read = await call("GET", `/sessions/${segment}`);
        expect(read.status).toBe(404);
        validator.expectResponse("get", `${BASE}/sessions/{device_session_id}`, 404, read.body);
        expect(read.body.error.code).toBe("session_not_found");
        const list = await call("GET", `/users/${segment}/sessions`);
        expect(list.status).toBe(200);
        validator.expectResponse("get", `${BASE}/users/{user_id}/sessions`, 200, list.body);
        expect(list.body).toEqual({ sessions: [] });
        expectInvalid(await call("POST", `/sessions/${segment}/revoke`, JSON.stringify({ reason_code: "x", actor })), message);
        expectInvalid(await call("POST", `/users/${segment}/sessions/revoke-all`, JSON.stringify({ reason_code: "x", actor })), message);
      });
    }

    it("outside the contract's routes, the listener's own 404 or 400, never a 500", async () => {
      const unknown = await fetch(`${server.internalUrl}/nowhere/%ED%A0%80`);
      expect(unknown.status).toBe(404);
      const inside = await call("GET", `/sessions/${sessionId}/%ED%A0%80`);
      expect(inside.status).toBeLessThan(500);
    });
  });

  describe("NUL and lone surrogates in a JSON body", () => {
    const revokeBodies: [string, string, RegExp][] = [
      ["NUL in reason_code", `{"reason_code":"lost${NUL}","actor":{"type":"admin"}}`, /^reason_code must not contain NUL characters$/],
      ["NUL in actor.type", `{"reason_code":"lost","actor":{"type":"ad${NUL}min"}}`, /^actor\.type must not contain NUL characters$/],
      ["NUL in actor.id", `{"reason_code":"lost","actor":{"type":"admin","id":"${NUL}"}}`, /^actor\.id must not contain NUL/],
      ["a lone high surrogate in reason_code", `{"reason_code":"lost${LONE}","actor":{"type":"admin"}}`, /^reason_code must not contain unpaired UTF-16 surrogates$/],
      ["a lone low surrogate in actor.id", `{"reason_code":"lost","actor":{"type":"admin","id":"\\udc00x"}}`, /^actor\.id must not contain unpaired/],
      ["NUL in a field name", `{"reason_code":"lost","actor":{"type":"admin"},"x${NUL}":1}`, /^a field name must not contain NUL characters$/],
      ["a lone surrogate in a nested field name", `{"reason_code":"lost","actor":{"type":"admin","${LONE}":1}}`, /^a field name in actor must not contain unpaired/],
    ];
    for (const [name, json, message] of revokeBodies) {
      it(`revoke and revoke-all refuse ${name}`, async () => {
        expectInvalid(await call("POST", `/sessions/${sessionId}/revoke`, json), message);
        expectInvalid(await call("POST", `/users/${userId}/sessions/revoke-all`, json), message);
      });
    }

    it.each([
      ["NUL in email", `{"email":"gbi${NUL}@example.com","reason_code":"fraud","actor":{"type":"admin"}}`, /^email must not contain NUL/],
      ["a lone surrogate in email", `{"email":"gbi${LONE}@example.com","reason_code":"fraud","actor":{"type":"admin"}}`, /^email must not contain unpaired/],
      ["NUL in user_id", `{"user_id":"${NUL}","reason_code":"fraud","actor":{"type":"admin"}}`, /^user_id must not contain NUL/],
      ["NUL in reason_code", `{"user_id":"${"0".repeat(8)}","reason_code":"${NUL}","actor":{"type":"admin"}}`, /^reason_code must not contain NUL/],
    ])("user-blocks refuses %s", async (_name, json, message) => {
      expectInvalid(await call("POST", "/user-blocks", json), message);
    });

    it("the user whose block was refused can still be blocked with clean input (and is not yet)", async () => {
      const blocks = await server.gql(`{ blocks { subjectValue } }`);
      expect(blocks.errors).toBeUndefined();
      expect(blocks.data!.blocks).toEqual([]);
    });
  });

  describe("bytes that are not UTF-8", () => {
    it("a JSON body with raw bytes that are not UTF-8 is refused", async () => {
      const body = Buffer.concat([Buffer.from('{"reason_code":"lost'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","actor":{"type":"admin"}}')]);
      const res = await rawRequest(server.internalUrl, { method: "POST", target: `${BASE}/sessions/${sessionId}/revoke`, headers: ["Content-Type: application/json"], body });
      expectInvalid(res, /^the request body is not valid UTF-8$/);
    });

    it("raw bytes that are not UTF-8 in the path are refused by the HTTP parser with a bare 400", async () => {
      const target = Buffer.concat([Buffer.from(`${BASE}/sessions/`), Buffer.from([0xed, 0xa0, 0x80])]);
      const res = await rawRequest(server.internalUrl, { method: "GET", target });
      expect(res.status).toBe(400);
    });
  });

  describe("query strings and headers", () => {
    it.each([
      ["NUL", `?reason=%00`, /^query parameter reason must not contain NUL characters$/],
      ["NUL in a name", `?%00=1`, /^query parameter name must not contain NUL characters$/],
      ["an encoded surrogate", `?reason=%ED%A0%80`, /^the query string is not valid percent-encoded UTF-8$/],
      ["a truncated sequence", `?reason=%C3`, /^the query string is not valid percent-encoded UTF-8$/],
    ])("a query string with %s is refused, on reads and writes", async (_name, query, message) => {
      expectInvalid(await call("GET", `/sessions/${sessionId}${query}`), message);
      expectInvalid(await call("POST", `/sessions/${sessionId}/revoke${query}`, JSON.stringify({ reason_code: "x", actor })), message);
    });

    it("a stray % in a query string is text, as querystring reads it", async () => {
      const res = await call("GET", `/sessions/${sessionId}?note=50%`);
      expect(res.status).toBe(200);
    });

    it("a header with NUL never reaches the contract: the HTTP parser answers 400", async () => {
      const res = await rawRequest(server.internalUrl, {
        method: "POST",
        target: `${BASE}/sessions/${sessionId}/revoke`,
        headers: ["Content-Type: application/json", "User-Agent: probe\u0000"],
        body: JSON.stringify({ reason_code: "x", actor }),
      });
      expect(res.status).toBe(400);
    });

    it("a header with bytes that are not UTF-8 is opaque text: the read works", async () => {
      const res = await rawRequest(server.internalUrl, {
        method: "GET",
        target: `${BASE}/sessions/${sessionId}`,
        headers: [Buffer.concat([Buffer.from("User-Agent: probe "), Buffer.from([0xed, 0xa0, 0x80, 0xff])])],
      });
      expect(res.status).toBe(200);
      expect(res.body.session.device_session_id).toBe(sessionId);
    });
  });
});
