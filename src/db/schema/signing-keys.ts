import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";
import { realms } from "./realms.js";

export const signingKeyStatus = pgEnum("signing_key_status", ["active", "retired"]);

/**
 * A realm's token signing keys. The id is the JWT `kid`. One key per realm is active (signs);
 * a retired key only verifies, until `verifyUntil`, when every token it signed has expired.
 */
export const signingKeys = pgTable(
  "signing_keys",
  {
    id: idColumn(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    algorithm: text("algorithm").notNull(),
    status: signingKeyStatus("status").notNull().default("active"),
    /** The public half as a JWK, served by the JWKS endpoint. */
    publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
    /** PKCS#8 of the private half, AES-256-GCM encrypted with a key derived from SECRETS_KEY. */
    privateKeyEncrypted: text("private_key_encrypted").notNull(),
    createdAt: createdAt(),
    retiredAt: tstz("retired_at"),
    verifyUntil: tstz("verify_until"),
  },
  (t) => [
    uniqueIndex("signing_keys_one_active_per_realm").on(t.realmId).where(sql`${t.status} = 'active'`),
    index("signing_keys_realm_idx").on(t.realmId, t.createdAt.desc()),
  ],
);

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type SigningKeyStatus = (typeof signingKeyStatus.enumValues)[number];
