import { pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { users } from "./users.js";

/**
 * An invite lets a user without a password sign in once by a code sent by e-mail. One row per
 * user (renewal replaces the code); the code is stored as a SHA-256, as it is a bearer secret.
 */
export const invites = pgTable(
  "invites",
  {
    id: idColumn(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [uniqueIndex("invites_user_key").on(t.userId), uniqueIndex("invites_code_hash_key").on(t.codeHash)],
);

export type InviteRow = typeof invites.$inferSelect;
