import { createRequire } from "node:module";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { RateLimiterRes, type IRateLimiterStoreOptions, type RateLimiterStoreAbstract } from "rate-limiter-flexible";
import { preparedFor, tables, type Db } from "#src/db/index.js";

// The package's typings declare the base class of its stores, but its index does not export it.
const StoreBase = createRequire(import.meta.url)("rate-limiter-flexible/lib/RateLimiterStoreAbstract.js") as typeof RateLimiterStoreAbstract;

const t = tables.rateLimits;
/** An ISO string: drizzle maps a Date to the driver's form only for a placeholder standing for a column. */
const now = sql.placeholder("now");
/** A row that counts now: unexpired, or never expiring. */
const live = or(gt(t.expire, now), isNull(t.expire));

/** RateLimiterDrizzle's conflict rule: adds the points, or starts again from them once the row has expired. */
const addOrRestart = {
  target: t.key,
  set: {
    points: sql`case when ${t.expire} <= ${now} then excluded.points else ${t.points} + excluded.points end`,
    expire: sql`case when ${t.expire} <= ${now} then excluded.expire else ${t.expire} end`,
  },
};

/** RateLimiterDrizzle's upsert. */
const addStatement = preparedFor((db) =>
  db
    .insert(t)
    .values({ key: sql.placeholder("key"), points: sql.placeholder("points"), expire: sql.placeholder("expire") })
    .onConflictDoUpdate(addOrRestart)
    .returning({ points: t.points, expire: t.expire })
    .prepare("rate_limit_add"),
);

/** A block or a set: the points and expiry replace the row's. */
const setStatement = preparedFor((db) =>
  db
    .insert(t)
    .values({ key: sql.placeholder("key"), points: sql.placeholder("points"), expire: sql.placeholder("expire") })
    .onConflictDoUpdate({ target: t.key, set: { points: sql`excluded.points`, expire: sql`excluded.expire` } })
    .returning({ points: t.points, expire: t.expire })
    .prepare("rate_limit_set"),
);

const getStatement = preparedFor((db) =>
  db
    .select({ points: t.points, expire: t.expire })
    .from(t)
    .where(and(eq(t.key, sql.placeholder("key")), live))
    .limit(1)
    .prepare("rate_limit_get"),
);

/** Whether any of the keys has a live row (one statement for a check's every subject). */
const anyLiveStatement = preparedFor((db) =>
  db
    .select({ key: t.key })
    .from(t)
    .where(and(sql`${t.key} = any(${sql.placeholder("keys")}::text[])`, live))
    .limit(1)
    .prepare("rate_limit_any_live"),
);

/**
 * A check's admission in one statement: unless any of the wait keys has a live row, adds one
 * failure to each account key as the upsert above does, in key order (two checks lock alike).
 * No rows back: a subject waits.
 */
const reserveStatement = preparedFor((db) =>
  db
    .insert(t)
    .select(
      db
        .select({ key: sql<string>`k`.as("key"), points: sql<number>`1`.as("points"), expire: sql<Date>`${sql.placeholder("expire")}::timestamptz`.as("expire") })
        .from(sql`unnest(${sql.placeholder("keys")}::text[]) as k`)
        .where(sql`not exists (select 1 from ${t} where ${t.key} = any(${sql.placeholder("waits")}::text[]) and ${live})`)
        .orderBy(sql`k`),
    )
    .onConflictDoUpdate(addOrRestart)
    .returning({ key: t.key, points: t.points })
    .prepare("rate_limit_reserve"),
);

const deleteStatement = preparedFor((db) => db.delete(t).where(eq(t.key, sql.placeholder("key"))).returning({ key: t.key }).prepare("rate_limit_delete"));

interface Row {
  points: number;
  expire: Date | null;
}

/**
 * rate-limiter-flexible's store contract (the library keeps the counting rules) over our
 * `rate_limits` table, with the statements of its RateLimiterDrizzle prepared once per connection.
 * Every credential check runs two or three of them: built by drizzle on each call, as that store
 * does, they took a quarter of the main thread under introspection load (bench/README.md).
 */
export class RateLimiterDatabase extends StoreBase {
  constructor(
    private readonly db: Db,
    options: IRateLimiterStoreOptions,
  ) {
    super(options);
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: Row): RateLimiterRes {
    const msBeforeNext = row.expire === null ? -1 : Math.max(row.expire.getTime() - Date.now(), 0);
    return new RateLimiterRes(Math.max(this.points - row.points, 0), msBeforeNext, row.points, row.points === changedPoints);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<Row> {
    const at = new Date();
    const expire = msDuration > 0 ? new Date(at.getTime() + msDuration) : null;
    const statement = forceExpire ? setStatement(this.db) : addStatement(this.db);
    const [row] = await statement.execute({ key, points, expire, now: at.toISOString() });
    return row!;
  }

  async _get(key: string): Promise<Row | null> {
    const [row] = await getStatement(this.db).execute({ key, now: new Date().toISOString() });
    return row ?? null;
  }

  /** Whether any of these keys holds a live row: with points of 1 (a wait), whether any of them waits. */
  async anyLive(keys: string[]): Promise<boolean> {
    if (keys.length === 0) return false;
    const rows = await anyLiveStatement(this.db).execute({ keys: keys.map((key) => this.getKey(key)), now: new Date().toISOString() });
    return rows.length > 0;
  }

  /**
   * penalty() of each key, unless any of `waitKeys` of `waits` is live (then undefined, and
   * nothing added): the waits read and the reservations of a check in one statement.
   */
  async reserveUnlessWaiting(keys: string[], waits: RateLimiterDatabase, waitKeys: string[]): Promise<Map<string, number> | undefined> {
    const at = new Date();
    const rows = await reserveStatement(this.db).execute({
      keys: [...new Set(keys)].map((key) => this.getKey(key)),
      waits: waitKeys.map((key) => waits.getKey(key)),
      expire: new Date(at.getTime() + this.duration * 1000).toISOString(),
      now: at.toISOString(),
    });
    return rows.length === 0 ? undefined : new Map(rows.map((row) => [this.parseKey(row.key), row.points]));
  }

  async _delete(key: string): Promise<boolean> {
    const [row] = await deleteStatement(this.db).execute({ key });
    return row !== undefined;
  }
}
