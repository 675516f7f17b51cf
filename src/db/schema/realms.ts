import { boolean, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, idColumn } from "./columns.js";

export const realms = pgTable(
  "realms",
  {
    id: idColumn(),
    name: text("name").notNull(),
    displayName: text("display_name"),
    enabled: boolean("enabled").notNull().default(true),
    /** Seconds; Keycloak's defaults. */
    accessTokenLifespan: integer("access_token_lifespan").notNull().default(300),
    ssoSessionIdleTimeout: integer("sso_session_idle_timeout").notNull().default(1800),
    ssoSessionMaxLifespan: integer("sso_session_max_lifespan").notNull().default(36000),
    revokeRefreshToken: boolean("revoke_refresh_token").notNull().default(false),
    refreshTokenMaxReuse: integer("refresh_token_max_reuse").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("realms_name_key").on(t.name)],
);

export type RealmRow = typeof realms.$inferSelect;
