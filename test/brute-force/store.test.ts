import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "#test/support/server.js";

describe("brute force: the counters' table", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it("is unlogged: a credential check's two writes cost PostgreSQL no WAL flush", async () => {
    const result = await server.database.db.execute<{ relpersistence: string }>(sql`select relpersistence from pg_class where relname = 'rate_limits' and relkind = 'r'`);
    // The postgres driver answers the rows themselves, PGlite an object holding them.
    const rows = Array.isArray(result) ? result : (result as unknown as { rows: { relpersistence: string }[] }).rows;
    expect(rows.map((r) => r.relpersistence)).toEqual(["u"]);
  });
});
