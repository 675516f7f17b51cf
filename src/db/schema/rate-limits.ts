import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./columns.js";

/**
 * Counters of rate-limiter-flexible's RateLimiterDrizzle store (the shape its documentation
 * gives): failed credential checks and the waits they earn, shared by every instance.
 * UNLOGGED (migration 0004; drizzle has no word for it): every credential check writes here twice,
 * and without WAL those writes cost no flush at commit. A crash of PostgreSQL empties the table,
 * which forgets failures and waits, no more; a clean restart keeps it.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    points: integer("points").notNull(),
    /** Null: never expires (a permanent block). */
    expire: tstz("expire"),
  },
  (t) => [index("rate_limits_expire_idx").on(t.expire)],
);

export type RateLimitRow = typeof rateLimits.$inferSelect;
