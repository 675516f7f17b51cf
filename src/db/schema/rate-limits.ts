import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { tstz } from "./columns.js";

/**
 * Counters of rate-limiter-flexible's RateLimiterDrizzle store (the shape its documentation
 * gives): failed credential checks and the waits they earn, shared by every instance.
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
