import { bigint, boolean, index, integer, pgEnum, pgTable, serial, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { relations, sql } from "drizzle-orm";
import { createdAt, idColumn, tstz } from "./columns.js";
import { users } from "./users.js";

export const mfaType = pgEnum("mfa_type", ["backupcode", "totp", "webauthn", "manager", "recovery"]);
export const webauthnCeremony = pgEnum("webauthn_ceremony", ["registration", "authentication"]);

/**
 * A user's second factors. Ids are integers because the ID Broker contract puts them in paths
 * as `mfa/<id:\d+>`. At most one verified MFA of each type per user: the code types reuse it,
 * TOTP answers 409, WebAuthn adds credentials to it.
 */
export const mfas = pgTable(
  "mfas",
  {
    id: serial("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    type: mfaType("type").notNull(),
    label: text("label").notNull(),
    verified: boolean("verified").notNull().default(false),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    /** The TOTP secret, AES-256-GCM sealed with a key derived from SECRETS_KEY. */
    totpSecretSealed: text("totp_secret_sealed"),
    /** The last accepted TOTP time step: each code is good once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
  },
  (t) => [
    index("mfas_user_idx").on(t.userId, t.id),
    uniqueIndex("mfas_user_type_verified_key").on(t.userId, t.type).where(sql`${t.verified}`),
  ],
);

/** Single-use codes of backupcode, manager and recovery MFAs, stored as keyed hashes. */
export const mfaCodes = pgTable(
  "mfa_codes",
  {
    id: idColumn(),
    mfaId: integer("mfa_id").notNull().references(() => mfas.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    /** Manager and recovery codes lapse; printable backup codes do not. */
    expiresAt: tstz("expires_at"),
  },
  (t) => [uniqueIndex("mfa_codes_mfa_hash_key").on(t.mfaId, t.codeHash)],
);

/** The keys of a WebAuthn MFA; integer ids for `mfa/{mfaId}/webauthn/{webauthnId}`. */
export const mfaWebauthnCredentials = pgTable(
  "mfa_webauthn_credentials",
  {
    id: serial("id").primaryKey(),
    mfaId: integer("mfa_id").notNull().references(() => mfas.id, { onDelete: "cascade" }),
    /** base64url credential id, as the authenticator reports it. */
    credentialId: text("credential_id").notNull(),
    /** base64url COSE public key. */
    publicKey: text("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    transports: text("transports").array().notNull().default([]),
    /** base64url SHA-256 of the credential id (the broker's key_handle_hash). */
    keyHandleHash: text("key_handle_hash").notNull(),
    label: text("label").notNull(),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
  },
  (t) => [index("mfa_webauthn_credentials_mfa_idx").on(t.mfaId), uniqueIndex("mfa_webauthn_credentials_credential_key").on(t.credentialId)],
);

/** Outstanding WebAuthn challenges: rows, so a ceremony may finish on any instance, and each is used once. */
export const mfaWebauthnChallenges = pgTable(
  "mfa_webauthn_challenges",
  {
    id: idColumn(),
    mfaId: integer("mfa_id").notNull().references(() => mfas.id, { onDelete: "cascade" }),
    ceremony: webauthnCeremony("ceremony").notNull(),
    challenge: text("challenge").notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [uniqueIndex("mfa_webauthn_challenges_key").on(t.mfaId, t.ceremony, t.challenge), index("mfa_webauthn_challenges_expires_idx").on(t.expiresAt)],
);

/** Failed verifications, for the "5 in 5 minutes" limit. */
export const mfaFailedAttempts = pgTable(
  "mfa_failed_attempts",
  {
    id: idColumn(),
    mfaId: integer("mfa_id").notNull().references(() => mfas.id, { onDelete: "cascade" }),
    at: tstz("at").notNull(),
  },
  (t) => [index("mfa_failed_attempts_mfa_at_idx").on(t.mfaId, t.at)],
);

export type MfaRow = typeof mfas.$inferSelect;
export type MfaType = (typeof mfaType.enumValues)[number];
export type MfaWebauthnCredentialRow = typeof mfaWebauthnCredentials.$inferSelect;

/** Lets a listing read MFAs with their WebAuthn keys in one statement (drizzle's relational queries). */
export const mfaRelations = relations(mfas, ({ many }) => ({ credentials: many(mfaWebauthnCredentials) }));
export const mfaWebauthnCredentialRelations = relations(mfaWebauthnCredentials, ({ one }) => ({
  mfa: one(mfas, { fields: [mfaWebauthnCredentials.mfaId], references: [mfas.id] }),
}));
