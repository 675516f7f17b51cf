import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tables } from "#src/db/index.js";
import { RateLimiterDatabase } from "#src/services/rate-limits/database-store.js";
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

  it("counts as the library's drizzle store does: adds, starts again once expired, forces a block, forgets", async () => {
    const { db } = server.database;
    const store = new RateLimiterDatabase(db, { storeClient: db, keyPrefix: "store_test", points: 3, duration: 60 });
    const expireNow = () => db.update(tables.rateLimits).set({ expire: new Date(Date.now() - 1000) }).where(eq(tables.rateLimits.key, "store_test:k"));

    expect(await store.penalty("k")).toMatchObject({ consumedPoints: 1, remainingPoints: 2, isFirstInDuration: true });
    const second = await store.penalty("k", 2);
    expect(second).toMatchObject({ consumedPoints: 3, remainingPoints: 0, isFirstInDuration: false });
    expect(second.msBeforeNext).toBeGreaterThan(55_000);
    expect(await store.reward("k")).toMatchObject({ consumedPoints: 2 });
    expect(await store.get("k")).toMatchObject({ consumedPoints: 2 });

    await expireNow();
    expect(await store.get("k")).toBeNull();
    expect(await store.anyLive(["k"])).toBe(false);
    expect(await store.penalty("k")).toMatchObject({ consumedPoints: 1, isFirstInDuration: true });

    // consume past the points is refused with the library's answer, not an error.
    await store.consume("k", 2);
    await expect(store.consume("k")).rejects.toMatchObject({ consumedPoints: 4, remainingPoints: 0 });

    const blocked = await store.block("k", 120);
    expect(blocked.msBeforeNext).toBeGreaterThan(115_000);
    expect((await store.get("k"))!.msBeforeNext).toBeGreaterThan(115_000);

    expect(await store.anyLive(["other", "k"])).toBe(true);
    expect(await store.anyLive(["other"])).toBe(false);
    expect(await store.anyLive([])).toBe(false);

    expect(await store.delete("k")).toBe(true);
    expect(await store.delete("k")).toBe(false);
    expect(await store.get("k")).toBeNull();
    expect(await store.anyLive(["k"])).toBe(false);
  });

  it("reserves each account's failure and reads the waits in one statement, and reserves nothing while one waits", async () => {
    const { db } = server.database;
    const failures = new RateLimiterDatabase(db, { storeClient: db, keyPrefix: "reserve_fail", points: 100, duration: 60 });
    const waits = new RateLimiterDatabase(db, { storeClient: db, keyPrefix: "reserve_wait", points: 1, duration: 60 });

    expect(await failures.reserveUnlessWaiting(["b", "a", "a"], waits, ["a", "b", "addr"])).toEqual(new Map([["a", 1], ["b", 1]]));
    expect(await failures.reserveUnlessWaiting(["a"], waits, ["a", "addr"])).toEqual(new Map([["a", 2]]));
    const reserved = await failures.get("a");
    expect(reserved).toMatchObject({ consumedPoints: 2 });
    expect(reserved!.msBeforeNext).toBeGreaterThan(55_000);

    // A wait of any subject, the address's included, refuses the check and adds nothing.
    await waits.block("addr", 30);
    expect(await failures.reserveUnlessWaiting(["a", "b"], waits, ["a", "b", "addr"])).toBeUndefined();
    expect(await failures.get("a")).toMatchObject({ consumedPoints: 2 });
    expect(await failures.get("b")).toMatchObject({ consumedPoints: 1 });

    // An expired count starts again from the reservation, as penalty() does.
    await waits.delete("addr");
    await db.update(tables.rateLimits).set({ expire: new Date(Date.now() - 1000) }).where(eq(tables.rateLimits.key, "reserve_fail:a"));
    expect(await failures.reserveUnlessWaiting(["a"], waits, ["a", "addr"])).toEqual(new Map([["a", 1]]));
    expect((await failures.get("a"))!.msBeforeNext).toBeGreaterThan(55_000);
  });
});
