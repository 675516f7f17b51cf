import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";

/** API keys are stored as a SHA-256 of their high-entropy secret; the prefix finds the row. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: idColumn(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().notNull().default([]),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at"),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_prefix_key").on(t.prefix)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
