import { boolean, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn } from "./columns.js";
import { realms } from "./realms.js";

export const clients = pgTable(
  "clients",
  {
    id: idColumn(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    name: text("name"),
    public: boolean("public").notNull().default(true),
    /** argon2id hash of the client secret; null for public clients. */
    secretHash: text("secret_hash"),
    grants: text("grants").array().notNull().default([]),
    redirectUris: text("redirect_uris").array().notNull().default([]),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("clients_realm_client_id_key").on(t.realmId, t.clientId)],
);

export type ClientRow = typeof clients.$inferSelect;
