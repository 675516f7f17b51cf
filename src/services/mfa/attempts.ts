import { and, count, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import { DomainError } from "../errors/index.js";
import { MfaErrorCode } from "./error-codes.js";

export const MAX_RECENT_FAILURES = 5;
export const FAILURE_WINDOW_MS = 5 * 60 * 1000;

export interface ClaimedAttempt {
  id: string;
  /** 1 for the first failure in the window; the one that reaches MAX_RECENT_FAILURES warns the user. */
  position: number;
}

/**
 * Books an attempt as a failure BEFORE the value is looked at, under a lock on the MFA row, and
 * commits it: parallel guesses queue on the lock and each sees the ones before it, so no more
 * than MAX_RECENT_FAILURES get past in the window. A right value then clears the failures.
 */
export async function claimAttempt(db: Db, mfaId: number, now: Date): Promise<ClaimedAttempt> {
  return db.transaction(async (tx) => {
    await tx.select({ id: tables.mfas.id }).from(tables.mfas).where(eq(tables.mfas.id, mfaId)).for("update");
    const f = tables.mfaFailedAttempts;
    const [recent] = await tx
      .select({ n: count() })
      .from(f)
      .where(and(eq(f.mfaId, mfaId), gt(f.at, new Date(now.getTime() - FAILURE_WINDOW_MS))));
    const failures = Number(recent?.n ?? 0);
    if (failures >= MAX_RECENT_FAILURES) {
      throw new DomainError(MfaErrorCode.MFA_RATE_LIMITED, "Too many recent failed attempts for this MFA");
    }
    const [row] = await tx.insert(f).values({ mfaId, at: now }).returning({ id: f.id });
    return { id: row!.id, position: failures + 1 };
  });
}

/** Takes back a booked attempt that was not a guess (the request failed for another reason). */
export async function releaseAttempt(db: Db, attempt: ClaimedAttempt): Promise<void> {
  await db.delete(tables.mfaFailedAttempts).where(eq(tables.mfaFailedAttempts.id, attempt.id));
}

export async function clearFailures(tx: Db, mfaId: number): Promise<void> {
  await tx.delete(tables.mfaFailedAttempts).where(eq(tables.mfaFailedAttempts.mfaId, mfaId));
}
