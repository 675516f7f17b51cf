import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, migrate, type Database, type RetryEvent } from "#src/db/index.js";
import { backend, createTestDatabase, type TestDatabase } from "#test/support/database.js";

const failure = (code: string) => Object.assign(new Error(`synthetic ${code}`), { code });

/** A promise and the function that settles it: lets two transactions meet at a point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("transactions retried by the database layer", () => {
  let testDatabase: TestDatabase;
  let database: Database;
  const retries: RetryEvent[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = await connect({ url: testDatabase.url, dataDir: "", onRetry: (event) => void retries.push(event) });
    await migrate(database);
    await database.db.execute(sql`create table retry_probe (id int primary key, n int not null default 0)`);
    await database.db.execute(sql`insert into retry_probe (id) values (1), (2)`);
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.drop();
  });

  it("runs a transaction again after a serialization failure, and reports each retry", async () => {
    retries.length = 0;
    let runs = 0;
    const result = await database.db.transaction(async () => {
      runs += 1;
      if (runs < 3) throw failure("40001");
      return "done";
    });
    expect(result).toBe("done");
    expect(runs).toBe(3);
    expect(retries.map((r) => [r.attempt, r.sqlState])).toEqual([[1, "40001"], [2, "40001"]]);
  });

  it("gives up after five runs and throws the last failure", async () => {
    retries.length = 0;
    let runs = 0;
    const run = database.db.transaction(async () => {
      runs += 1;
      throw failure("40P01");
    });
    await expect(run).rejects.toThrow("synthetic 40P01");
    expect(runs).toBe(5);
    expect(retries).toHaveLength(4);
  });

  it("never retries any other failure", async () => {
    retries.length = 0;
    let runs = 0;
    const run = database.db.transaction(async () => {
      runs += 1;
      throw failure("23505");
    });
    await expect(run).rejects.toThrow("synthetic 23505");
    expect(runs).toBe(1);
    expect(retries).toEqual([]);
  });

  it("retries the outermost transaction only: a failing savepoint runs once per outer run", async () => {
    retries.length = 0;
    let outer = 0;
    let inner = 0;
    await database.db.transaction(async (tx) => {
      outer += 1;
      await tx.transaction(async () => {
        inner += 1;
        if (outer === 1) throw failure("40P01");
      });
    });
    expect([outer, inner]).toEqual([2, 2]);
    expect(retries).toHaveLength(1);
  });

  it.skipIf(backend() === "pglite")("survives a real deadlock: both transactions commit, one of them after a retry", async () => {
    retries.length = 0;
    const firstLocks = [gate(), gate()];
    // Each transaction locks one row, waits until the other holds its row, then wants the other's row.
    const crossing = (mine: number, theirs: number, ready: ReturnType<typeof gate>, other: ReturnType<typeof gate>) => {
      let run = 0;
      return database.db.transaction(async (tx) => {
        run += 1;
        await tx.execute(sql`update retry_probe set n = n + 1 where id = ${mine}`);
        if (run === 1) {
          ready.open();
          await other.opened;
        }
        await tx.execute(sql`update retry_probe set n = n + 1 where id = ${theirs}`);
      });
    };
    await Promise.all([crossing(1, 2, firstLocks[0]!, firstLocks[1]!), crossing(2, 1, firstLocks[1]!, firstLocks[0]!)]);
    expect(retries.map((r) => r.sqlState)).toEqual(["40P01"]);
    // postgres-js answers execute() with the rows themselves.
    const rows = (await database.db.execute(sql`select id, n from retry_probe order by id`)) as unknown as { id: number; n: number }[];
    // Two committed transactions, each adding one to both rows.
    expect([...rows].map((r) => Number(r.n))).toEqual([2, 2]);
  });
});
