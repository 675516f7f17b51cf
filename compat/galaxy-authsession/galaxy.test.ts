import { fileURLToPath } from "node:url";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { loginDevice, signedGraphQL } from "#test/support/device-client.js";
import { openApiValidator } from "#test/support/openapi.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const spec = fileURLToPath(new URL("../../../shared/specs/galaxy-authsession.openapi.yaml", import.meta.url));
const actor = { type: "admin", id: "support-7" };

describe("Galaxy internal session API", () => {
  let server: TestServer;
  let validator: Awaited<ReturnType<typeof openApiValidator>>;
  let n = 0;

  const call = async (method: string, path: string, body?: unknown, raw?: { body: string; type: string }) => {
    const init: RequestInit = { method };
    if (raw) init.body = raw.body, (init.headers = { "content-type": raw.type });
    else if (body !== undefined) init.body = JSON.stringify(body), (init.headers = { "content-type": "application/json" });
    const res = await fetch(`${server.internalUrl}/api/v1/internal${path}`, init);
    return { status: res.status, body: (await res.json()) as any };
  };

  const newUser = async () => {
    n += 1;
    const email = `user${n}@example.com`;
    const res = await server.gql(`mutation($u: String!, $e: String!) { createUser(input: {username: $u, email: $e}) { id } }`, { u: `user${n}`, e: email });
    return { id: res.data!.createUser.id as string, email };
  };

  beforeAll(async () => {
    server = await startTestServer();
    validator = await openApiValidator(spec);
  });
  afterAll(() => server?.stop());

  describe("GET /sessions/{device_session_id}", () => {
    it("returns the device session with its key", async () => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const res = await call("GET", `/sessions/${device.sessionId}`);
      expect(res.status).toBe(200);
      validator.expectResponse("get", "/api/v1/internal/sessions/{device_session_id}", 200, res.body);
      expect(res.body.session).toMatchObject({ device_session_id: device.sessionId, user_id: user.id, client_public_key: device.publicKeyBase64, status: "active", revoked_at: null });
      expect(res.body.session.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    });

    it("answers 404 session_not_found for an unknown or malformed id", async () => {
      for (const id of ["01a208a5-92df-721e-8f52-35d855740fee", "not-a-uuid"]) {
        const res = await call("GET", `/sessions/${id}`);
        expect(res.status).toBe(404);
        validator.expectResponse("get", "/api/v1/internal/sessions/{device_session_id}", 404, res.body);
        expect(res.body).toEqual({ error: { code: "session_not_found", message: "session not found" } });
      }
    });

    it("shows a session without a device key with an empty client_public_key", async () => {
      const user = await newUser();
      const session = await server.services.sessions.create({ userId: user.id, kind: "token" });
      const res = await call("GET", `/sessions/${session.id}`);
      expect(res.status).toBe(200);
      validator.expectResponse("get", "/api/v1/internal/sessions/{device_session_id}", 200, res.body);
      expect(res.body.session.client_public_key).toBe("");
    });
  });

  describe("GET /users/{user_id}/sessions", () => {
    it("lists every session, active and revoked, newest first", async () => {
      const user = await newUser();
      const first = await loginDevice(server, user.email);
      const second = await server.services.sessions.create({ userId: user.id, kind: "browser" });
      const third = await loginDevice(server, user.email);
      await call("POST", `/sessions/${first.sessionId}/revoke`, { reason_code: "lost_device", actor });
      const res = await call("GET", `/users/${user.id}/sessions`);
      expect(res.status).toBe(200);
      validator.expectResponse("get", "/api/v1/internal/users/{user_id}/sessions", 200, res.body);
      expect(res.body.sessions.map((s: any) => s.device_session_id)).toEqual([third.sessionId, second.id, first.sessionId]);
      expect(res.body.sessions.map((s: any) => s.status)).toEqual(["active", "active", "revoked"]);
    });

    it("answers 200 with an empty list for an unknown user", async () => {
      for (const id of ["01a208a5-92df-721e-8f52-35d855740fee", "nobody"]) {
        const res = await call("GET", `/users/${id}/sessions`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ sessions: [] });
      }
    });
  });

  describe("POST /sessions/{id}/revoke", () => {
    it("revokes once, then acknowledges already_revoked keeping the first reason and actor", async () => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const path = `/sessions/${device.sessionId}/revoke`;
      const first = await call("POST", path, { reason_code: "lost_device", actor });
      expect(first.status).toBe(200);
      validator.expectResponse("post", "/api/v1/internal/sessions/{device_session_id}/revoke", 200, first.body);
      expect(first.body).toEqual({ outcome: "revoked", device_session_id: device.sessionId, affected_session_count: 1 });
      const second = await call("POST", path, { reason_code: "other", actor: { type: "system" } });
      expect(second.body).toEqual({ outcome: "already_revoked", device_session_id: device.sessionId, affected_session_count: 0 });
      const read = await call("GET", `/sessions/${device.sessionId}`);
      expect(read.body.session).toMatchObject({ status: "revoked", revoke_reason_code: "lost_device", revoke_actor_type: "admin", revoke_actor_id: "support-7" });
      expect(read.body.session.revoked_at).toMatch(/Z$/);
    });

    it("answers 404 session_not_found for an unknown session", async () => {
      const res = await call("POST", "/sessions/01a208a5-92df-721e-8f52-35d855740fee/revoke", { reason_code: "x", actor });
      expect(res.status).toBe(404);
      validator.expectResponse("post", "/api/v1/internal/sessions/{device_session_id}/revoke", 404, res.body);
      expect(res.body.error.code).toBe("session_not_found");
    });

    it("stops the device's signed requests at once", async () => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const query = `query($id: ID!) { session(id: $id) { id status } }`;
      const before = await signedGraphQL(server.publicUrl, query, { id: device.sessionId }, device);
      expect(before.body.data?.session).toEqual({ id: device.sessionId, status: "ACTIVE" });
      await call("POST", `/sessions/${device.sessionId}/revoke`, { reason_code: "lost_device", actor });
      const after = await signedGraphQL(server.publicUrl, query, { id: device.sessionId }, device);
      expect(after.body.data ?? null).toBeNull();
      expect(after.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  describe("POST /users/{user_id}/sessions/revoke-all", () => {
    it("revokes every active session of every kind and lists them", async () => {
      const user = await newUser();
      const a = await loginDevice(server, user.email);
      const b = await server.services.sessions.create({ userId: user.id, kind: "token" });
      const c = await server.services.sessions.create({ userId: user.id, kind: "browser" });
      await server.services.sessions.revoke(c.id, "earlier", { type: "system" });
      const res = await call("POST", `/users/${user.id}/sessions/revoke-all`, { reason_code: "password_reset", actor });
      expect(res.status).toBe(200);
      validator.expectResponse("post", "/api/v1/internal/users/{user_id}/sessions/revoke-all", 200, res.body);
      expect(res.body).toEqual({ outcome: "revoked", user_id: user.id, affected_session_count: 2, affected_device_session_ids: [b.id, a.sessionId] });
      const again = await call("POST", `/users/${user.id}/sessions/revoke-all`, { reason_code: "password_reset", actor });
      expect(again.body).toEqual({ outcome: "no_active_sessions", user_id: user.id, affected_session_count: 0, affected_device_session_ids: [] });
    });

    it("answers 404 subject_not_found for an unknown user", async () => {
      for (const id of ["01a208a5-92df-721e-8f52-35d855740fee", "nobody"]) {
        const res = await call("POST", `/users/${id}/sessions/revoke-all`, { reason_code: "x", actor });
        expect(res.status).toBe(404);
        validator.expectResponse("post", "/api/v1/internal/users/{user_id}/sessions/revoke-all", 404, res.body);
        expect(res.body).toEqual({ error: { code: "subject_not_found", message: "subject not found" } });
      }
    });

    it("never leaves a session created during the revoke unreported and active from before it", async () => {
      const user = await newUser();
      const creations = Array.from({ length: 12 }, () => server.services.sessions.create({ userId: user.id, kind: "token" }));
      const revoke = call("POST", `/users/${user.id}/sessions/revoke-all`, { reason_code: "race", actor });
      const [res, ...created] = await Promise.all([revoke, ...creations]);
      const reported = new Set<string>(res.body.affected_device_session_ids);
      const rows = await server.database.db.select().from(tables.sessions).where(eq(tables.sessions.userId, user.id));
      expect(rows).toHaveLength(created.length);
      for (const row of rows) {
        if (row.status === "revoked") expect(reported.has(row.id)).toBe(true);
        else expect(reported.has(row.id)).toBe(false);
      }
      expect(reported.size).toBe(rows.filter((r) => r.status === "revoked").length);
    });
  });

  describe("POST /user-blocks", () => {
    it("blocks by user_id, revoking the active sessions, then answers already_blocked", async () => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const res = await call("POST", "/user-blocks", { user_id: user.id, reason_code: "fraud", actor });
      expect(res.status).toBe(200);
      validator.expectResponse("post", "/api/v1/internal/user-blocks", 200, res.body);
      expect(res.body).toEqual({ outcome: "blocked", subject_kind: "user_id", subject_value: user.id, affected_session_count: 1, affected_device_session_ids: [device.sessionId] });
      const again = await call("POST", "/user-blocks", { user_id: user.id, reason_code: "fraud", actor });
      expect(again.body).toEqual({ outcome: "already_blocked", subject_kind: "user_id", subject_value: user.id, affected_session_count: 0, affected_device_session_ids: [] });
    });

    it("blocks by e-mail, case-insensitively, and the subject can no longer log in on a device", async () => {
      const user = await newUser();
      const res = await call("POST", "/user-blocks", { email: user.email.toUpperCase(), reason_code: "fraud", actor });
      expect(res.status).toBe(200);
      validator.expectResponse("post", "/api/v1/internal/user-blocks", 200, res.body);
      expect(res.body).toMatchObject({ outcome: "blocked", subject_kind: "email", subject_value: user.email });
      await expect(loginDevice(server, user.email)).rejects.toThrow(/blocked/);
    });

    it("answers 404 subject_not_found for an unknown subject", async () => {
      for (const body of [{ user_id: "01a208a5-92df-721e-8f52-35d855740fee" }, { user_id: "nobody" }, { email: "nobody@example.com" }]) {
        const res = await call("POST", "/user-blocks", { ...body, reason_code: "x", actor });
        expect(res.status).toBe(404);
        validator.expectResponse("post", "/api/v1/internal/user-blocks", 404, res.body);
        expect(res.body.error.code).toBe("subject_not_found");
      }
    });
  });

  describe("bad input: 400 invalid_request naming the problem, and nothing changed", () => {
    const cases: [string, string, unknown, RegExp][] = [
      ["revoke", "unknown field", { reason_code: "x", actor, extra: 1 }, /extra/],
      ["revoke", "empty reason_code", { reason_code: "", actor }, /reason_code must not be empty/],
      ["revoke", "missing reason_code", { actor }, /reason_code is required/],
      ["revoke", "actor without type", { reason_code: "x", actor: { id: "a" } }, /actor\.type is required/],
      ["revoke", "actor with an unknown field", { reason_code: "x", actor: { type: "a", role: "b" } }, /role/],
      ["revoke", "reason_code of the wrong type", { reason_code: 5, actor }, /reason_code must be a string/],
      ["revoke", "a body that is not an object", [1, 2], /JSON object/],
      ["block", "both user_id and email", { user_id: "u", email: "a@example.com", reason_code: "x", actor }, /exactly one of user_id or email/],
      ["block", "neither user_id nor email", { reason_code: "x", actor }, /exactly one of user_id or email/],
      ["block", "a malformed email", { email: "not-an-email", reason_code: "x", actor }, /email must be a valid e-mail address/],
      ["block", "an empty reason_code", { email: "a@example.com", reason_code: "", actor }, /reason_code must not be empty/],
    ];

    it.each(cases)("%s: %s", async (kind, _name, body, message) => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const before = await server.database.db.select({ n: count() }).from(tables.auditEvents);
      const path = kind === "revoke" ? `/sessions/${device.sessionId}/revoke` : "/user-blocks";
      const template = kind === "revoke" ? "/api/v1/internal/sessions/{device_session_id}/revoke" : "/api/v1/internal/user-blocks";
      const res = await call("POST", path, body);
      expect(res.status).toBe(400);
      validator.expectResponse("post", template, 400, res.body);
      expect(res.body.error.code).toBe("invalid_request");
      expect(res.body.error.message).toMatch(message);
      const after = await server.database.db.select({ n: count() }).from(tables.auditEvents);
      expect(after).toEqual(before);
      const session = await call("GET", `/sessions/${device.sessionId}`);
      expect(session.body.session.status).toBe("active");
    });

    it("rejects a non-JSON body and malformed JSON with the contract's body", async () => {
      const user = await newUser();
      const device = await loginDevice(server, user.email);
      const path = `/sessions/${device.sessionId}/revoke`;
      const plain = await call("POST", path, undefined, { body: JSON.stringify({ reason_code: "x", actor }), type: "text/plain" });
      expect(plain.status).toBe(400);
      expect(plain.body.error.code).toBe("invalid_request");
      const broken = await call("POST", path, undefined, { body: "{not json", type: "application/json" });
      expect(broken.status).toBe(400);
      expect(broken.body).toEqual({ error: { code: "invalid_request", message: "request body is not valid JSON" } });
      expect((await call("GET", `/sessions/${device.sessionId}`)).body.session.status).toBe("active");
    });
  });

  it("is served on the internal listener only", async () => {
    const res = await fetch(`${server.publicUrl}/api/v1/internal/users/x/sessions`);
    expect(res.status).toBe(404);
  });
});

describe("Galaxy API without its database", () => {
  it("answers 503 service_unavailable and leaks nothing", async () => {
    const server = await startTestServer();
    const validator = await openApiValidator(spec);
    try {
      await server.database.close();
      const res = await fetch(`${server.internalUrl}/api/v1/internal/users/01a208a5-92df-721e-8f52-35d855740fee/sessions`);
      const body = await res.json();
      expect(res.status).toBe(503);
      validator.expectResponse("get", "/api/v1/internal/users/{user_id}/sessions", 503, body);
      expect(body).toEqual({ error: { code: "service_unavailable", message: "service is unavailable" } });
    } finally {
      await server.stop();
    }
  });
});
