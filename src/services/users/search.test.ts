import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, migrate, type Database } from "#src/db/index.js";
import { createTestDatabase, type TestDatabase } from "#test/support/database.js";
import { searchUsers, searchUsersQuery, type UserSearch } from "./search.js";

const USERS = 3000;

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe("the user list pages by (created_at, id) on its index", () => {
  let store: TestDatabase;
  let database: Database;
  let realmId: string;

  beforeAll(async () => {
    store = await createTestDatabase();
    database = await connect({ url: store.url, dataDir: "" });
    await migrate(database);
    const realms = await rows<{ id: string }>(sql`insert into realms (id, name) values (gen_random_uuid(), 'big'), (gen_random_uuid(), 'other') returning id`);
    realmId = realms[0]!.id;
    // Three users to a millisecond, so pages end inside a run of equal creation times; another realm beside it.
    for (const realm of realms) {
      await database.db.execute(sql`insert into users (realm_id, username, created_at)
        select ${realm.id}::uuid, 'u' || g, timestamptz '2026-01-01 00:00:00+00' + (g / 3) * interval '1 millisecond'
        from generate_series(1, ${USERS}) g`);
    }
    await database.db.execute(sql`analyze users`);
  });
  afterAll(async () => {
    await database?.close();
    await store?.drop();
  });

  async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
    const result = (await database.db.execute(query)) as unknown as T[] | { rows: T[] };
    return Array.isArray(result) ? result : result.rows;
  }

  async function planOf(q: UserSearch): Promise<PlanNode[]> {
    const [row] = await rows<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${searchUsersQuery(database.db, q)}`);
    const plan = row!["QUERY PLAN"];
    const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
    return nodesOf(parsed[0]!.Plan);
  }

  it("EXPLAIN: the first page and a later one read users_realm_created_id_idx in order, with no sort", async () => {
    const [middle] = await rows<{ id: string; created_at: string }>(
      sql`select id, created_at from users where realm_id = ${realmId} order by created_at, id offset 1500 limit 1`,
    );
    const after = { createdAt: new Date(middle!.created_at), id: middle!.id };
    for (const q of [{ realmId, limit: 101 }, { realmId, limit: 101, after }]) {
      const nodes = await planOf(q);
      const scans = nodes.filter((n) => n["Index Name"] !== undefined);
      expect(scans.map((n) => n["Index Name"]), JSON.stringify(nodes)).toEqual(["users_realm_created_id_idx"]);
      expect(nodes.map((n) => n["Node Type"])).not.toContain("Sort");
      expect(nodes.map((n) => n["Node Type"])).not.toContain("Seq Scan");
      // The cursor is part of the index condition (a seek), not a filter applied after reading.
      if (q.after) expect(scans[0]!["Index Cond"]).toMatch(/ROW\(created_at, id\) >/);
    }
  });

  it("walks every user of the realm once, in (created_at, id) order, across pages ending amid equal times", async () => {
    const expected = (await rows<{ id: string }>(sql`select id from users where realm_id = ${realmId} order by created_at, id`)).map((r) => r.id);
    expect(expected).toHaveLength(USERS);
    const seen: string[] = [];
    let after: UserSearch["after"];
    for (;;) {
      const page = await searchUsers(database.db, { realmId, limit: 100, after });
      seen.push(...page.map((u) => u.id));
      if (page.length < 100) break;
      const last = page.at(-1)!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual(expected);
  });
});
