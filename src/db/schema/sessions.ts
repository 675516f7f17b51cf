import { index, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { realms } from "./realms.js";
import { users } from "./users.js";

export const sessionKind = pgEnum("session_kind", ["browser", "token", "device"]);
export const sessionStatus = pgEnum("session_status", ["active", "revoked"]);

/** Every kind of session in one table, so that support tools see and revoke everything a user has. */
export const sessions = pgTable(
  "sessions",
  {
    id: idColumn(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: sessionKind("kind").notNull(),
    status: sessionStatus("status").notNull().default("active"),
    /** The OAuth client the session was opened through, when there is one. */
    clientId: text("client_id"),
    /** Standard base64 of a raw 32-byte Ed25519 key, for device sessions. */
    clientPublicKey: text("client_public_key"),
    createdAt: createdAt(),
    lastAccessAt: tstz("last_access_at").notNull().defaultNow(),
    expiresAt: tstz("expires_at"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    revokedAt: tstz("revoked_at"),
    revokeReasonCode: text("revoke_reason_code"),
    revokeActorType: text("revoke_actor_type"),
    revokeActorId: text("revoke_actor_id"),
  },
  (t) => [
    index("sessions_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("sessions_status_idx").on(t.status),
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

export type SessionRow = typeof sessions.$inferSelect;
export type SessionKind = (typeof sessionKind.enumValues)[number];
export type SessionStatus = (typeof sessionStatus.enumValues)[number];
