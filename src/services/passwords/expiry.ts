import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasswordRow } from "#src/db/schema/index.js";
import { systemActor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { verifiedMfaCount } from "../mfa/queries.js";
import { addPeriod, endOfUtcDay, type Period } from "../nags/days.js";
import { currentPassword } from "./queries.js";

/** The deployed broker's PASSWORD_LIFESPAN, PASSWORD_EXPIRATION_GRACE_PERIOD and PASSWORD_MFA_LIFESPAN_EXTENSION. */
export const PASSWORD_LIFESPAN: Period = { years: 1 };
export const PASSWORD_GRACE_PERIOD: Period = { days: 30 };
export const PASSWORD_MFA_EXTENSION: Period = { years: 4 };
/** Losing the last second factor leaves at least this long to change an expired password. */
export const GRACE_AFTER_MFA_REMOVAL: Period = { days: 7 };

export interface PasswordDates {
  expiresAt: Date;
  graceEndsAt: Date;
}

/** A new password expires at the end of the day a lifespan later; logins still work through the grace period. */
export function newPasswordDates(createdAt: Date): PasswordDates {
  const expiresAt = endOfUtcDay(addPeriod(createdAt, PASSWORD_LIFESPAN));
  return { expiresAt, graceEndsAt: endOfUtcDay(addPeriod(expiresAt, PASSWORD_GRACE_PERIOD)) };
}

/** The stored dates (rows from before expiry was recorded get them from their creation). */
function storedDates(row: Pick<PasswordRow, "createdAt" | "expiresAt" | "graceEndsAt">): PasswordDates {
  const computed = newPasswordDates(row.createdAt);
  return { expiresAt: row.expiresAt ?? computed.expiresAt, graceEndsAt: row.graceEndsAt ?? computed.graceEndsAt };
}

/** The dates in force now: a user with a verified second factor gets both pushed out, computed at read time. */
export function effectivePasswordDates(row: Pick<PasswordRow, "createdAt" | "expiresAt" | "graceEndsAt">, verifiedMfaCount: number): PasswordDates {
  const stored = storedDates(row);
  if (verifiedMfaCount === 0) return stored;
  return { expiresAt: addPeriod(stored.expiresAt, PASSWORD_MFA_EXTENSION), graceEndsAt: addPeriod(stored.graceEndsAt, PASSWORD_MFA_EXTENSION) };
}

/**
 * The expiry every contract applies at login: past the grace period (pushed out by a verified
 * second factor) the password no longer logs in. A second factor only pushes dates out, so the
 * user's factors are counted only once the stored grace period has passed.
 */
export async function pastGrace(db: Db, row: PasswordRow, now: Date): Promise<boolean> {
  if (now <= storedDates(row).graceEndsAt) return false;
  return now > effectivePasswordDates(row, await verifiedMfaCount(db, row.userId)).graceEndsAt;
}

/**
 * Called in the transaction that deletes a user's last verified second factor: the MFA extension
 * is gone, so a grace period ending within a week is moved to a week from now.
 */
export async function extendGraceIfNeeded(tx: Db, userId: string, now: Date): Promise<void> {
  const row = await currentPassword(tx, userId);
  if (!row) return;
  const stored = storedDates(row);
  const floor = addPeriod(now, GRACE_AFTER_MFA_REMOVAL);
  if (stored.graceEndsAt >= floor) return;
  await tx.update(tables.passwords).set({ expiresAt: stored.expiresAt, graceEndsAt: floor }).where(eq(tables.passwords.id, row.id));
  await recordAudit(tx, { action: "user.password.grace_extended", actor: systemActor, subjectType: "user", subjectId: userId, changes: { graceEndsAt: floor.toISOString() } }, now);
}
