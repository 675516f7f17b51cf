import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";
import { galaxy, newPlainUser } from "./support.js";
import { requestStatements } from "#test/support/statements.js";

const COUNT = 10_000;

describe("a revoke-all of 10,000 sessions", () => {
  let server: TestServer;
  let statements: string[] | undefined;

  beforeAll(async () => {
    server = await startTestServer({ env: { PURGE_INTERVAL_SECONDS: "0" }, onQuery: requestStatements((text) => statements?.push(text)) });
  });
  afterAll(() => server?.stop());

  it("stays one transaction of a few statements, and writes 10,000 revoked events in it", async () => {
    const user = await newPlainUser(server, "ten-k");
    const [{ realmId }] = await server.database.db.select({ realmId: tables.users.realmId }).from(tables.users).where(eq(tables.users.id, user.id)) as [{ realmId: string }];
    await server.database.db.execute(
      sql`insert into sessions (id, realm_id, user_id, kind) select gen_random_uuid(), ${realmId}, ${user.id}, 'browser' from generate_series(1, ${COUNT})`,
    );

    statements = [];
    const res = await galaxy(server, `/users/${user.id}/sessions/revoke-all`, { reason_code: "security_review", actor: { type: "admin", id: "ops" } });
    const seen = statements;
    statements = undefined;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { affected_device_session_ids: string[] }).affected_device_session_ids).toHaveLength(COUNT);
    // A fixed handful of statements whatever the count: not one per session.
    expect(seen.length).toBeLessThan(20);
    expect(seen.filter((s) => /insert into "session_events"/.test(s))).toHaveLength(1);

    const e = tables.sessionEvents;
    const [summary] = await server.database.db
      .select({ events: sql<number>`count(*)::int`, sessions: sql<number>`count(distinct ${e.sessionId})::int`, transactions: sql<number>`count(distinct ${e.txId})::int` })
      .from(e)
      .where(sql`${e.userId} = ${user.id} and ${e.type} = 'revoked'`);
    expect(summary).toEqual({ events: COUNT, sessions: COUNT, transactions: 1 });
    const [active] = await server.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tables.sessions)
      .where(sql`${tables.sessions.userId} = ${user.id} and ${tables.sessions.status} = 'active'`);
    expect(active!.n).toBe(0);
  });
});
