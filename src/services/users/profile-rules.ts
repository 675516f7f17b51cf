import type { UserRow } from "#src/db/schema/index.js";
import { dayAfter, type Period } from "../nags/days.js";
import type { NewUser, UserPatch } from "./user-fields.js";

/** The deployed CONTINGENT_USER_DURATION. */
export const CONTINGENT_USER_DURATION: Period = { days: 28 };

/**
 * An account with an organisational e-mail never expires. One without is contingent when it was
 * invited: it expires four weeks on unless a date is given.
 */
export function contingentExpiry(fields: Omit<NewUser, "invite">, invited: boolean, now: Date): Date | null {
  if (fields.email) return null;
  return fields.expiresOn ?? (invited ? dayAfter(now, CONTINGENT_USER_DURATION) : null);
}

/** Changes that follow from an update: a new personal e-mail asks for a profile review; an e-mail ends contingency. */
export function followUps(before: UserRow, patch: UserPatch, now: Date): Partial<UserRow> {
  const extra: Partial<UserRow> = {};
  if (patch.personalEmail !== undefined && patch.personalEmail !== before.personalEmail) extra.reviewProfileAfter = dayAfter(now, { days: -1 });
  if (patch.email) extra.expiresOn = null;
  return extra;
}
