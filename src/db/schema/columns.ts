import { timestamp, uuid } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";

/** Time-ordered ids (UUIDv7): keyset pagination on the id alone follows creation order. */
export const idColumn = () => uuid("id").primaryKey().$defaultFn(() => uuidv7());

export const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
