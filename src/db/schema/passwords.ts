import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { users } from "./users.js";

/** Password credentials with their history: the newest row of a user is the current password. */
export const passwords = pgTable(
  "passwords",
  {
    id: idColumn(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    hash: text("hash").notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at"),
    graceEndsAt: tstz("grace_ends_at"),
  },
  (t) => [index("passwords_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc())],
);

export type PasswordRow = typeof passwords.$inferSelect;
