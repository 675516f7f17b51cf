import { inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { PASSWORD, passwordGrant, postForm, protocolUrl, type TokenBody } from "#test/oidc/support.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { galaxy, newPlainUser } from "./support.js";

/**
 * Every way to end a session, at once, on the same sessions. PGlite runs them one at a time; on
 * PostgreSQL they interleave: no 5xx, and each ended session has exactly one logout event.
 */
describe("concurrent revokes", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" } });
  });
  afterAll(() => server?.stop());

  it("OIDC logouts, Galaxy and GraphQL revokes, revoke-alls and a block race: no 5xx, one logout event per ended session", async () => {
    const user = await newPlainUser(server, "race");
    const username = user.email.split("@")[0]!;
    await server.gql(`mutation($id: ID!, $p: String!) { setPassword(userId: $id, password: $p) }`, { id: user.id, p: PASSWORD });
    const grants = (await Promise.all(Array.from({ length: 8 }, () => passwordGrant(server, username)))).map((g) => g.body as TokenBody);
    const direct = await Promise.all(Array.from({ length: 8 }, () => server.services.sessions.create({ userId: user.id, kind: "device" })));
    const sessionIds = [...grants.map((g) => g.session_state), ...direct.map((s) => s.id)];

    const calls: Promise<Response | { status: number }>[] = [
      ...grants.map((g) => postForm(protocolUrl(server, "master", "/logout"), { client_id: "app", refresh_token: g.refresh_token })),
      ...sessionIds.map((id) => galaxy(server, `/sessions/${id}/revoke`, { reason_code: "lost_device", actor: { type: "admin" } })),
      ...sessionIds.map((id) =>
        fetch(`${server.publicUrl}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${server.config.adminApiKey}` },
          body: JSON.stringify({ query: `mutation($id: ID!) { revokeSession(id: $id, reasonCode: "support") { outcome } }`, variables: { id } }),
        }),
      ),
      galaxy(server, `/users/${user.id}/sessions/revoke-all`, { reason_code: "security_review", actor: { type: "admin" } }),
      galaxy(server, `/users/${user.id}/sessions/revoke-all`, { reason_code: "security_review", actor: { type: "admin" } }),
      galaxy(server, "/user-blocks", { user_id: user.id, reason_code: "fraud", actor: { type: "admin" } }),
    ];
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);

    const e = tables.sessionEvents;
    const logouts = await server.database.db
      .select({ sessionId: e.sessionId, n: sql<number>`count(*)::int` })
      .from(e)
      .where(sql`${inArray(e.sessionId, sessionIds)} and ${e.type} in ('revoked', 'blocked')`)
      .groupBy(e.sessionId);
    expect(logouts).toHaveLength(sessionIds.length);
    for (const row of logouts) expect(row.n).toBe(1);
    const active = await server.database.db
      .select({ id: tables.sessions.id })
      .from(tables.sessions)
      .where(sql`${inArray(tables.sessions.id, sessionIds)} and ${tables.sessions.status} = 'active'`);
    expect(active).toEqual([]);
  });
});
