import { and, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { ResetTokenKind } from "#src/db/schema/index.js";
import { DomainError } from "../errors/index.js";
import { PasskeyErrorCode } from "./error-codes.js";
import { isPassphrase, newPassphrase, passphraseKey } from "./passphrase.js";

/** A device-addition link a user makes for themselves lasts as long as a session. */
export const DEVICE_LINK_TTL_MS = 24 * 3600 * 1000;
/** A link an admin makes for a user lasts two weeks. */
export const ADMIN_LINK_TTL_MS = 14 * 24 * 3600 * 1000;

export interface ResetLink {
  passphrase: string;
  expiresAt: Date;
}

export async function createResetLink(tx: Db, now: Date, userId: string, kind: ResetTokenKind, ttlMs: number): Promise<ResetLink> {
  const passphrase = newPassphrase();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await tx.insert(tables.passkeyResetTokens).values({ keyHash: passphraseKey(passphrase), userId, kind, createdAt: now, expiresAt });
  return { passphrase, expiresAt };
}

export interface ResetLinkOwner {
  key: string;
  kind: ResetTokenKind;
  userId: string;
  userName: string | null;
}

/** The live link a passphrase names; refused in the contract's words when malformed, unknown or expired. */
export async function findResetLink(db: Db, now: Date, passphrase: string, rpName: string): Promise<ResetLinkOwner> {
  if (!isPassphrase(passphrase)) throw new DomainError(PasskeyErrorCode.RESET_TOKEN_INVALID, "Invalid reset token");
  const t = tables.passkeyResetTokens;
  const key = passphraseKey(passphrase);
  const [row] = await db
    .select({ kind: t.kind, userId: t.userId, userName: tables.users.displayName })
    .from(t)
    .innerJoin(tables.users, eq(tables.users.id, t.userId))
    .where(and(eq(t.keyHash, key), gt(t.expiresAt, now)))
    .limit(1);
  if (!row) throw new DomainError(PasskeyErrorCode.RESET_TOKEN_INVALID, `The reset link for ${rpName} is invalid or has expired`);
  return { key, ...row };
}
