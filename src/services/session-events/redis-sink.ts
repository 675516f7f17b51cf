import { eq, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { tables, type Db } from "#src/db/index.js";
import { currentCursor, isLogout, readEventsAfter } from "./read.js";

/** The stream the deployed auth-service's consumers read: `XADD logout * sessionId <id>`. */
export const LOGOUT_STREAM = "logout";
const SINK = "redis";
const BATCH = 500;

export interface RedisSink {
  /** Delivers the next batch, if this instance holds the cursor; answers whether more is waiting. */
  deliver(): Promise<{ delivered: number; more: boolean }>;
}

/**
 * Fails fast while Redis is away, so no database transaction waits on it. ioredis reconnects by
 * itself and reports every failed try: only the first of a run is passed on.
 */
export function connectRedis(url: string, onError: (error: unknown) => void): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5_000, connectTimeout: 5_000 });
  let reported = false;
  redis.on("error", (error) => {
    if (!reported) onError(error);
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return redis;
}

/**
 * Every logout event (revoked or blocked) onto the Redis stream, exactly one instance at a time:
 * the sink's cursor row is locked with SKIP LOCKED (another instance holding it: nothing to do
 * here), the batch is added with one pipeline and the cursor advanced in the same transaction.
 * A failure rolls the cursor back, so the batch is sent again: at least once, in order.
 */
export function createRedisSink(db: Db, redis: Redis): RedisSink {
  const c = tables.sessionEventCursors;
  let placed = false;

  /** A new sink starts at "now"; the row then keeps its place across restarts. */
  async function placeCursor(): Promise<void> {
    const start = await currentCursor(db);
    await db.insert(c).values({ sink: SINK, txId: start.txId, eventId: start.eventId }).onConflictDoNothing();
    placed = true;
  }

  return {
    async deliver() {
      if (!placed) await placeCursor();
      if (redis.status !== "ready") return { delivered: 0, more: false };
      return db.transaction(async (tx) => {
        const [cursor] = await tx.select().from(c).where(eq(c.sink, SINK)).for("update", { skipLocked: true });
        if (!cursor) return { delivered: 0, more: false };
        const batch = await readEventsAfter(tx, cursor, BATCH);
        if (batch.events.length === 0) return { delivered: 0, more: false };
        const logouts = batch.events.filter(isLogout);
        if (logouts.length > 0) {
          const pipeline = redis.pipeline();
          for (const event of logouts) pipeline.xadd(LOGOUT_STREAM, "*", "sessionId", event.sessionId);
          const results = (await pipeline.exec()) ?? [];
          const failed = results.find(([error]) => error);
          if (failed) throw failed[0];
        }
        await tx.update(c).set({ txId: batch.cursor.txId, eventId: batch.cursor.eventId, updatedAt: sql`now()` }).where(eq(c.sink, SINK));
        return { delivered: logouts.length, more: batch.full };
      });
    },
  };
}
