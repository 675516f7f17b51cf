import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { PASSWORD, passwordGrant, postForm, protocolUrl, type TokenBody } from "#test/oidc/support.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { eventually, galaxy, logoutEntries, newPlainUser, REDIS_URL, startInstance } from "./support.js";

describe("logout events on the Redis stream `logout`", () => {
  let server: TestServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await startTestServer({ env: { REDIS_URL, PURGE_INTERVAL_SECONDS: "0" } });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("adds `sessionId <id>` for a session ended by OIDC logout, read back with XRANGE", async () => {
    const user = await newPlainUser(server, "redis-oidc");
    const username = user.email.split("@")[0]!;
    await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: user.id, p: PASSWORD });
    const grant = (await passwordGrant(server, username)).body as TokenBody;
    const logout = await postForm(protocolUrl(server, "master", "/logout"), { client_id: "app", refresh_token: grant.refresh_token });
    expect(logout.status).toBe(204);
    const entries = await eventually(async () => {
      const found = await logoutEntries(redis, grant.session_state);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(entries[0]).toEqual(["sessionId", grant.session_state]);
  });

  it("adds one entry per session of a Galaxy revoke-all and of a block, none for a session still active", async () => {
    const user = await newPlainUser(server, "redis-galaxy");
    const sessions = await Promise.all([1, 2, 3].map(() => server.services.sessions.create({ userId: user.id, kind: "device" })));
    const res = await galaxy(server, `/users/${user.id}/sessions/revoke-all`, { reason_code: "security_review", actor: { type: "admin" } });
    expect(res.status).toBe(200);
    await eventually(async () => {
      for (const s of sessions) expect(await logoutEntries(redis, s.id)).toEqual([["sessionId", s.id]]);
    });

    const active = await server.services.sessions.create({ userId: user.id, kind: "browser" });
    const blocked = await newPlainUser(server, "redis-block");
    const doomed = await server.services.sessions.create({ userId: blocked.id, kind: "browser" });
    await server.gql(`mutation($id: ID!) { blockSubject(input: {userId: $id, reasonCode: "fraud"}) { outcome } }`, { id: blocked.id });
    await eventually(async () => expect(await logoutEntries(redis, doomed.id)).toEqual([["sessionId", doomed.id]]));
    expect(await logoutEntries(redis, active.id)).toEqual([]);
  });

  it("a consumer blocked in XREAD receives the entry", async () => {
    const user = await newPlainUser(server, "redis-xread");
    const session = await server.services.sessions.create({ userId: user.id, kind: "browser" });
    const consumer = new Redis(REDIS_URL);
    try {
      let last = (await consumer.xrevrange("logout", "+", "-", "COUNT", 1))[0]?.[0] ?? "0";
      const read = () => consumer.xread("BLOCK", 10_000, "STREAMS", "logout", last);
      let waiting = read();
      await server.services.sessions.revoke(session.id, "user_logout", { type: "user", id: user.id });
      // Other test files write to this stream too: read on until this session's entry comes.
      for (;;) {
        const answer = await waiting;
        expect(answer).not.toBeNull();
        const entries = answer!.flatMap(([, e]) => e);
        if (entries.some(([, fields]) => fields[1] === session.id)) break;
        last = entries.at(-1)![0];
        waiting = read();
      }
    } finally {
      consumer.disconnect();
    }
  });
});

// PGlite is one in-process database that a second server cannot open: this needs PostgreSQL.
describe.skipIf(backend() === "pglite")("two instances with REDIS_URL over one PostgreSQL", () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let redis: Redis;

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startInstance({ url: database.url }, { REDIS_URL });
    b = await startInstance({ url: database.url }, { REDIS_URL });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it("delivers each logout once: one instance at a time holds the sink's cursor", async () => {
    const user = await newPlainUser(a, "redis-two");
    const sessions = await Promise.all(Array.from({ length: 20 }, () => a.services.sessions.create({ userId: user.id, kind: "browser" })));
    await Promise.all(sessions.map((s, i) => (i % 2 ? a : b).services.sessions.revoke(s.id, "test", { type: "system" })));
    await eventually(async () => {
      for (const s of sessions) expect(await logoutEntries(redis, s.id)).toHaveLength(1);
    });
    // Both instances kept waking for a while: still one entry each.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const s of sessions) expect(await logoutEntries(redis, s.id)).toHaveLength(1);
  });
});
