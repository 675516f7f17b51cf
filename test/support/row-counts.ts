import { count, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { tables } from "#src/db/index.js";
import type { TestServer } from "./server.js";

/**
 * Rows in every table, by table: a refused request must leave all of them as they were. The
 * brute-force counters are left out: a failed credential check writes its count there by design.
 */
export async function allRowCounts(server: TestServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    if (!is(table, PgTable) || table === tables.rateLimits) continue;
    const [row] = await server.database.db.select({ n: count() }).from(table);
    counts[name] = row!.n;
  }
  return counts;
}
