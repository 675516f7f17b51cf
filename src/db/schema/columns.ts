import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";

/** Time-ordered ids (UUIDv7) for internal rows: keyset pagination on the id alone follows creation order. */
export const idColumn = () => uuid("id").primaryKey().$defaultFn(() => uuidv7());

/**
 * Random ids (UUIDv4, made by PostgreSQL) for ids that others see: a v7 id would tell anyone
 * who holds it when the row was made. Lists of such rows page by (created_at, id) instead.
 */
export const randomIdColumn = () => uuid("id").primaryKey().defaultRandom();

export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/**
 * A creation time to page by: kept to the millisecond, as a JavaScript Date holds it, so a
 * cursor made from a row compares equal to that row in storage.
 */
export const pagedCreatedAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().default(sql`date_trunc('milliseconds', now())`);

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
