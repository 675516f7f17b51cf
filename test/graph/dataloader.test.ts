import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { startTestServer, type TestServer } from "#test/support/server.js";

const USERS_WITH_SESSIONS = `query($realm: String!) {
  users(realm: $realm, first: 100) { nodes { id username sessions { id userId status createdAt } } }
}`;
const SESSIONS_PER_USER = 2;

describe("DataLoader batching", () => {
  let server: TestServer;
  const statements: string[] = [];
  /** What each seeded user's sessions must be, newest first. */
  const expected = new Map<string, string[]>();

  /** Seeds in bulk: the batching of reads is under test, not the writes. */
  const seedRealm = async (name: string, users: number) => {
    const realm = await server.services.realms.create(name, {}, { type: "test" });
    const rows = await server.database.db
      .insert(tables.users)
      .values(Array.from({ length: users }, (_, i) => ({ realmId: realm.id, username: `${name}-${i}` })))
      .returning({ id: tables.users.id });
    for (let k = 0; k < SESSIONS_PER_USER; k++) {
      const createdAt = new Date(Date.UTC(2026, 0, 1, 0, k));
      const sessions = await server.database.db
        .insert(tables.sessions)
        .values(rows.map((u) => ({ realmId: realm.id, userId: u.id, kind: "browser" as const, createdAt })))
        .returning({ id: tables.sessions.id, userId: tables.sessions.userId });
      for (const s of sessions) expected.set(s.userId, [s.id, ...(expected.get(s.userId) ?? [])]);
    }
  };

  const measured = async (query: string, variables: Record<string, unknown>) => {
    statements.length = 0;
    const res = await server.gql(query, variables);
    return { res, count: statements.length };
  };

  beforeAll(async () => {
    server = await startTestServer({ onQuery: (sql) => statements.push(sql), env: { PURGE_INTERVAL_SECONDS: "0" } });
    await seedRealm("ten", 10);
    await seedRealm("hundred", 100);
  });
  afterAll(() => server?.stop());

  it("a page of users with their sessions costs the same few queries for 10 users as for 100", async () => {
    const ten = await measured(USERS_WITH_SESSIONS, { realm: "ten" });
    const hundred = await measured(USERS_WITH_SESSIONS, { realm: "hundred" });
    expect(ten.res.errors).toBeUndefined();
    expect(hundred.res.errors).toBeUndefined();
    expect(ten.res.data!.users.nodes).toHaveLength(10);
    expect(hundred.res.data!.users.nodes).toHaveLength(100);

    expect(hundred.count).toBeLessThanOrEqual(4);
    expect(hundred.count).toBe(ten.count);
  });

  it("each user gets exactly its own sessions, newest first", async () => {
    const { res } = await measured(USERS_WITH_SESSIONS, { realm: "hundred" });
    for (const user of res.data!.users.nodes as { id: string; sessions: { id: string; userId: string }[] }[]) {
      expect(user.sessions.map((s) => s.id)).toEqual(expected.get(user.id));
      expect(user.sessions.every((s) => s.userId === user.id)).toBe(true);
    }
  });

  it("many users fetched by id in one request are loaded in one batch per level", async () => {
    const ids = [...expected.keys()].slice(0, 30);
    const fields = ids.map((_, i) => `u${i}: user(id: $id${i}) { username sessions { id } }`).join("\n");
    const query = `query(${ids.map((_, i) => `$id${i}: ID!`).join(", ")}) { ${fields} }`;
    const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const { res, count } = await measured(query, variables);
    expect(res.errors).toBeUndefined();
    ids.forEach((id, i) => expect(res.data![`u${i}`].sessions.map((s: { id: string }) => s.id)).toEqual(expected.get(id)));
    expect(count).toBe(2);
  });
});
