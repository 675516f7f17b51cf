import { and, eq, ne } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaRow, UserRow } from "#src/db/schema/index.js";
import { extendGraceIfNeeded } from "../passwords/expiry.js";
import { mailUser } from "./emails.js";
import { verifiedMfaCount } from "./queries.js";

/** Contacts' codes are for one emergency: their coming and going is not news to the user. */
const isContactCode = (mfa: MfaRow) => mfa.type === "manager" || mfa.type === "recovery";

/** After an MFA became verified: "mfa-enabled" when it is the user's only one, else "mfa-option-added". */
export async function announceVerified(tx: Db, user: UserRow, mfa: MfaRow, now: Date): Promise<void> {
  if (isContactCode(mfa)) return;
  const others = await tx
    .select({ id: tables.mfas.id })
    .from(tables.mfas)
    .where(and(eq(tables.mfas.userId, user.id), eq(tables.mfas.verified, true), ne(tables.mfas.id, mfa.id)))
    .limit(1);
  if (others.length === 0) await mailUser(tx, user, "mfa-enabled", now);
  else await mailUser(tx, user, "mfa-option-added", now, mfa.label);
}

/**
 * After a verified factor went: "mfa-option-removed" while one is left, else "mfa-disabled",
 * and the password's grace period is stretched so the user is not locked out at once (reference §3).
 */
export async function announceRemoved(tx: Db, user: UserRow, mfa: MfaRow, label: string, now: Date): Promise<void> {
  if (!mfa.verified) return;
  const left = await verifiedMfaCount(tx, user.id);
  if (left === 0) await extendGraceIfNeeded(tx, user.id, now);
  if (isContactCode(mfa)) return;
  if (left > 0) await mailUser(tx, user, "mfa-option-removed", now, label);
  else await mailUser(tx, user, "mfa-disabled", now);
}
