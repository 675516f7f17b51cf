import { Redis } from "ioredis";
import { RateLimiterRedis, type RateLimiterStoreAbstract } from "rate-limiter-flexible";
import type { Db } from "#src/db/index.js";
import { RateLimiterDatabase } from "./database-store.js";
import type { BruteForcePolicy } from "./policy.js";

/** How long a claimed turn (one credential check past the factor) holds the account, should its instance die mid-check. */
export const TURN_SECONDS = 30;

/** The two counters of every subject, in one store shared by every instance. */
export interface Counters {
  /** Failed checks, forgotten failureResetSeconds after the first. */
  failures: RateLimiterStoreAbstract;
  /** The turn of the one check under way at or past the factor: the first consume of the key wins it. */
  turns: RateLimiterStoreAbstract;
  /** The wait a failure earned (a block: a forced expiry). */
  waits: RateLimiterStoreAbstract;
  /** Whether any of these subjects (counter keys) waits: one statement on the database. */
  anyWaiting(keys: string[]): Promise<boolean>;
  close(): void;
}

/**
 * PostgreSQL (or PGlite) through drizzle, in the table the migrations made (the library never
 * creates one), by prepared statements (database-store.ts). With REDIS_URL, Redis holds the
 * counts and PostgreSQL insures them: while Redis is away, the checks count in the database
 * instead of going unlimited or failing.
 */
function createCounters(db: Db, policy: BruteForcePolicy, redisUrl: string | undefined): Counters {
  const inDatabase = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterDatabase(db, { storeClient: db, keyPrefix, points, duration });
  const dbFailures = inDatabase("bf_fail", Number.MAX_SAFE_INTEGER, policy.failureResetSeconds);
  const dbTurns = inDatabase("bf_turn", 1, TURN_SECONDS);
  const dbWaits = inDatabase("bf_wait", 1, TURN_SECONDS);
  if (!redisUrl) return { failures: dbFailures, turns: dbTurns, waits: dbWaits, anyWaiting: (keys) => dbWaits.anyLive(keys), close: () => undefined };

  // Commands wait for the first connection; once Redis is away they fail fast, into the insurance.
  // ioredis reconnects by itself, and its connection errors are the insurance's business.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2_000, connectTimeout: 5_000 });
  redis.on("error", () => undefined);
  const inRedis = (keyPrefix: string, points: number, duration: number, insuranceLimiter: RateLimiterStoreAbstract) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter });
  const waits = inRedis("bf_wait", 1, TURN_SECONDS, dbWaits);
  return {
    failures: inRedis("bf_fail", Number.MAX_SAFE_INTEGER, policy.failureResetSeconds, dbFailures),
    turns: inRedis("bf_turn", 1, TURN_SECONDS, dbTurns),
    waits,
    anyWaiting: async (keys) => (await Promise.all(keys.map((key) => waits.get(key)))).some((res) => res !== null),
    close: () => redis.disconnect(),
  };
}

const byDatabase = new WeakMap<Db, Counters>();

/** One set of counters (and one Redis connection) per database handle, however many services ask. */
export function countersFor(db: Db, policy: BruteForcePolicy, redisUrl: string | undefined): Counters {
  let counters = byDatabase.get(db);
  if (!counters) byDatabase.set(db, (counters = createCounters(db, policy, redisUrl)));
  return counters;
}

export function closeCounters(db: Db): void {
  byDatabase.get(db)?.close();
  byDatabase.delete(db);
}
