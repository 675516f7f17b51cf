import { bigint, index, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, randomIdColumn, tstz } from "./columns.js";
import { webauthnCeremony } from "./mfa.js";
import { sessions } from "./sessions.js";
import { users } from "./users.js";

/**
 * Passkeys: primary sign-in credentials, apart from the ID Broker's WebAuthn second factors
 * (mfa_webauthn_credentials). They differ in what names them (a random UUID the passkey
 * contract shows, against the broker's integer path ids under an MFA row), in how they are
 * found (by credential id across every user, for discoverable sign-in) and in what deleting
 * one means; a shared table would need a kind column in every query of both.
 */
export const passkeyCredentials = pgTable(
  "passkey_credentials",
  {
    id: randomIdColumn(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** base64url credential id, as the authenticator reports it. */
    credentialId: text("credential_id").notNull().unique("passkey_credentials_credential_key"),
    /** base64url COSE public key. */
    publicKey: text("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    aaguid: text("aaguid").notNull(),
    transports: text("transports").array().notNull().default([]),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    lastVerifiedAt: tstz("last_verified_at"),
  },
  (t) => [index("passkey_credentials_user_idx").on(t.userId, t.createdAt)],
);

/**
 * What a started ceremony is for, kept with its challenge so that any instance can finish it.
 * Registration: the user the key is for (made at the end when newUser, with displayName), and
 * the reset link being spent, if any. Authentication: nothing (the passkey names its user).
 */
export interface CeremonyContext {
  userId?: string;
  newUser?: boolean;
  displayName?: string;
  resetKey?: string;
}

export const passkeyChallenges = pgTable(
  "passkey_challenges",
  {
    id: idColumn(),
    challenge: text("challenge").notNull().unique("passkey_challenges_challenge_key"),
    ceremony: webauthnCeremony("ceremony").notNull(),
    context: jsonb("context").$type<CeremonyContext>().notNull().default({}),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [index("passkey_challenges_expires_idx").on(t.expiresAt)],
);

export const resetTokenKind = pgEnum("passkey_reset_kind", ["device addition", "user registration", "account recovery"]);

/** Reset and device-addition links: only a hash of the five-word passphrase is stored. */
export const passkeyResetTokens = pgTable(
  "passkey_reset_tokens",
  {
    keyHash: text("key_hash").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    kind: resetTokenKind("kind").notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [index("passkey_reset_tokens_user_idx").on(t.userId), index("passkey_reset_tokens_expires_idx").on(t.expiresAt)],
);

/**
 * The passkey side of a browser session (the session itself, its status and expiry, is a row of
 * `sessions`): the hash of the cookie's token, the host it is bound to, the passkey that opened it.
 */
export const passkeySessions = pgTable(
  "passkey_sessions",
  {
    sessionId: uuid("session_id").primaryKey().references(() => sessions.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique("passkey_sessions_token_key"),
    credentialId: uuid("credential_id").references(() => passkeyCredentials.id, { onDelete: "set null" }),
    /** Bound on first use; null until then. */
    host: text("host"),
  },
);

export type PasskeyCredentialRow = typeof passkeyCredentials.$inferSelect;
export type PasskeyChallengeRow = typeof passkeyChallenges.$inferSelect;
export type PasskeyResetTokenRow = typeof passkeyResetTokens.$inferSelect;
export type ResetTokenKind = (typeof resetTokenKind.enumValues)[number];
