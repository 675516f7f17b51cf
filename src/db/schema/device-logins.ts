import { index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { realms } from "./realms.js";
import { sessions } from "./sessions.js";
import { users } from "./users.js";

/** A one-time code sent by e-mail to open a device session. */
export const deviceLoginChallenges = pgTable(
  "device_login_challenges",
  {
    id: idColumn(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    /** Null when no user has the address: the flow answers alike, so it reveals nothing. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    consumedAt: tstz("consumed_at"),
  },
  (t) => [index("device_login_challenges_expires_idx").on(t.expiresAt)],
);

/** Nonces of signed device requests, kept until their signature could no longer be accepted. */
export const deviceRequestNonces = pgTable(
  "device_request_nonces",
  {
    sessionId: uuid("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
    nonce: text("nonce").notNull(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.nonce] }), index("device_request_nonces_expires_idx").on(t.expiresAt)],
);
