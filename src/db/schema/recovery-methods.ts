import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { users } from "./users.js";

/** E-mail addresses a user can recover with; verified by a code sent to the address. */
export const recoveryMethods = pgTable(
  "recovery_methods",
  {
    id: idColumn(),
    /** The public id: 32 characters of [A-Za-z0-9_-], as the ID Broker contract has it. */
    uid: text("uid").notNull(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** Lower-cased e-mail address. */
    value: text("value").notNull(),
    verified: boolean("verified").notNull().default(false),
    createdAt: createdAt(),
    verifiedAt: tstz("verified_at"),
    /**
     * The code, sealed with a key from SECRETS_KEY (AES-256-GCM, bound to the uid): a resend must
     * mail the same code again, so it cannot be only a hash. Null once verified.
     */
    codeSealed: text("code_sealed"),
    /**
     * Legacy: SHA-256 of uid and code, as codes were kept before they were sealed. Still checked for
     * rows that have no sealed code; never written any more.
     */
    codeHash: text("code_hash"),
    codeExpiresAt: tstz("code_expires_at"),
    /** Verification attempts, sending included (the deployed broker counts a send as one). */
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [
    uniqueIndex("recovery_methods_uid_key").on(t.uid),
    uniqueIndex("recovery_methods_user_value_key").on(t.userId, t.value),
    index("recovery_methods_user_idx").on(t.userId, t.createdAt),
  ],
);

export type RecoveryMethodRow = typeof recoveryMethods.$inferSelect;
