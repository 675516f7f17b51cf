import { and, eq, lt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { verifiedMfaCount } from "../mfa/index.js";
import { verifiedMethodCount } from "../recovery-methods/index.js";
import { dayAfter, type Period } from "./days.js";

/** What a login should remind the user of; at most one at a time. */
export type NagState = "none" | "add_mfa" | "add_method" | "profile_review";

/** The deployed MFA_ADD_INTERVAL, METHOD_ADD_INTERVAL and PROFILE_REVIEW_INTERVAL. */
export const NAG_INTERVALS = {
  add_mfa: { days: 30 },
  add_method: { months: 6 },
  profile_review: { months: 6 },
} as const satisfies Record<Exclude<NagState, "none">, Period>;

const nagColumns = {
  add_mfa: tables.users.nagForMfaAfter,
  add_method: tables.users.nagForMethodAfter,
  profile_review: tables.users.reviewProfileAfter,
} as const;

const nagFields = { add_mfa: "nagForMfaAfter", add_method: "nagForMethodAfter", profile_review: "reviewProfileAfter" } as const;

type NagDates = Pick<UserRow, "id" | "nagForMfaAfter" | "nagForMethodAfter" | "reviewProfileAfter">;

/** First match wins: no second factor, then no recovery method, then a profile review that is due. */
export async function nagStateOf(db: Db, user: NagDates, now: Date): Promise<NagState> {
  if (now > user.nagForMfaAfter && (await verifiedMfaCount(db, user.id)) === 0) return "add_mfa";
  if (now > user.nagForMethodAfter && (await verifiedMethodCount(db, user.id)) === 0) return "add_method";
  if (now > user.reviewProfileAfter) return "profile_review";
  return "none";
}

/** Initial nag dates of a new user. */
export function initialNagDates(now: Date): Pick<UserRow, "nagForMfaAfter" | "nagForMethodAfter" | "reviewProfileAfter"> {
  return {
    nagForMfaAfter: dayAfter(now, NAG_INTERVALS.add_mfa),
    nagForMethodAfter: dayAfter(now, NAG_INTERVALS.add_method),
    reviewProfileAfter: dayAfter(now, NAG_INTERVALS.profile_review),
  };
}

/**
 * After a login has shown a nag, its date moves one interval out, so it shows once per interval.
 * The update applies only while the nag is still due: concurrent logins push it out once.
 */
export async function bumpNag(tx: Db, userId: string, state: NagState, now: Date, actor: Actor): Promise<void> {
  if (state === "none") return;
  const column = nagColumns[state];
  const next = dayAfter(now, NAG_INTERVALS[state]);
  const [row] = await tx
    .update(tables.users)
    .set({ [nagFields[state]]: next })
    .where(and(eq(tables.users.id, userId), lt(column, now)))
    .returning({ id: tables.users.id });
  if (!row) return;
  await recordAudit(tx, { action: "user.nag.shown", actor, subjectType: "user", subjectId: userId, changes: { nag: state, [nagFields[state]]: next.toISOString() } }, now);
}
