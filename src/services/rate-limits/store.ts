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
  /**
   * A check's admission: unless any of `keys` waits, one failure reserved for each of `accounts`
   * (their counts after it, by key); undefined, with nothing reserved, when one waits. One
   * statement on the database.
   */
  reserve(accounts: string[], keys: string[]): Promise<Map<string, number> | undefined>;
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
  if (!redisUrl) {
    const anyWaiting = (keys: string[]) => dbWaits.anyLive(keys);
    return {
      failures: dbFailures,
      turns: dbTurns,
      waits: dbWaits,
      anyWaiting,
      reserve: (accounts, keys) => (accounts.length > 0 ? dbFailures.reserveUnlessWaiting(accounts, dbWaits, keys) : reserveEach(anyWaiting, dbFailures, accounts, keys)),
      close: () => undefined,
    };
  }

  // Commands wait for the first connection; once Redis is away they fail fast, into the insurance.
  // ioredis reconnects by itself, and its connection errors are the insurance's business.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2_000, connectTimeout: 5_000 });
  redis.on("error", () => undefined);
  const inRedis = (keyPrefix: string, points: number, duration: number, insuranceLimiter: RateLimiterStoreAbstract) =>
    new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter });
  const waits = inRedis("bf_wait", 1, TURN_SECONDS, dbWaits);
  const failures = inRedis("bf_fail", Number.MAX_SAFE_INTEGER, policy.failureResetSeconds, dbFailures);
  const anyWaiting = async (keys: string[]) => (await Promise.all(keys.map((key) => waits.get(key)))).some((res) => res !== null);
  return {
    failures,
    turns: inRedis("bf_turn", 1, TURN_SECONDS, dbTurns),
    waits,
    anyWaiting,
    reserve: (accounts, keys) => reserveEach(anyWaiting, failures, accounts, keys),
    close: () => redis.disconnect(),
  };
}

/** reserve() a command at a time: the waits read, then each account's penalty. */
async function reserveEach(anyWaiting: Counters["anyWaiting"], failures: RateLimiterStoreAbstract, accounts: string[], keys: string[]): Promise<Map<string, number> | undefined> {
  if (await anyWaiting(keys)) return undefined;
  const counts = new Map<string, number>();
  for (const key of accounts) counts.set(key, (await failures.penalty(key)).consumedPoints);
  return counts;
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
