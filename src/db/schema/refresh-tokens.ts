import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { idColumn, tstz } from "./columns.js";
import { sessions } from "./sessions.js";

/**
 * The server-side state of each refresh token (its JWT `jti` is the id): which session and
 * client it belongs to and how often it was used, so reuse limits hold across instances.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: idColumn(),
    sessionId: uuid("session_id").notNull().references(() => sessions.id, { onDelete: "cascade" }),
    /** The OAuth client_id the token was issued to. */
    clientId: text("client_id").notNull(),
    scope: text("scope").notNull(),
    issuedAt: tstz("issued_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
    useCount: integer("use_count").notNull().default(0),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId), index("refresh_tokens_expires_idx").on(t.expiresAt)],
);

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
