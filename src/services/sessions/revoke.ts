import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { Clock } from "../clock/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";

export interface RevokeOneResult {
  outcome: "revoked" | "already_revoked";
  sessionId: string;
  userId: string;
}

/** Idempotent: a second revoke keeps the first one's reason and actor. */
export async function revokeSession(db: Db, clock: Clock, sessionId: string, reasonCode: string, actor: Actor): Promise<RevokeOneResult> {
  if (!isId(sessionId)) throw notFound(ErrorCode.SESSION_NOT_FOUND, "session");
  return db.transaction(async (tx) => {
    const now = clock.now();
    const [revoked] = await tx
      .update(tables.sessions)
      .set({ status: "revoked", revokedAt: now, revokeReasonCode: reasonCode, revokeActorType: actor.type, revokeActorId: actor.id ?? null })
      .where(and(eq(tables.sessions.id, sessionId), eq(tables.sessions.status, "active")))
      .returning({ id: tables.sessions.id, userId: tables.sessions.userId });
    if (revoked) {
      await recordAudit(tx, { action: "session.revoke", actor, reasonCode, subjectType: "session", subjectId: sessionId, changes: { userId: revoked.userId } }, now);
      return { outcome: "revoked", sessionId, userId: revoked.userId };
    }
    const [existing] = await tx.select({ userId: tables.sessions.userId }).from(tables.sessions).where(eq(tables.sessions.id, sessionId));
    if (!existing) throw notFound(ErrorCode.SESSION_NOT_FOUND, "session");
    return { outcome: "already_revoked", sessionId, userId: existing.userId };
  });
}

/**
 * Revokes every active session of a user inside the caller's transaction, as one set-based
 * statement, and moves the user's not-before so outstanding tokens die without a scan.
 * The user row is locked for update first: a login running at the same time either
 * committed before (and is revoked and reported here) or waits and starts after.
 */
export async function revokeUserSessionsIn(tx: Db, now: Date, userId: string, reasonCode: string, actor: Actor): Promise<string[]> {
  if (!isId(userId)) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
  const [user] = await tx.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, userId)).for("update");
  if (!user) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
  const rows = await tx
    .update(tables.sessions)
    .set({ status: "revoked", revokedAt: now, revokeReasonCode: reasonCode, revokeActorType: actor.type, revokeActorId: actor.id ?? null })
    .where(and(eq(tables.sessions.userId, userId), eq(tables.sessions.status, "active")))
    .returning({ id: tables.sessions.id, createdAt: tables.sessions.createdAt });
  await tx.update(tables.users).set({ notBefore: now }).where(eq(tables.users.id, userId));
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  return rows.map((r) => r.id);
}

export interface RevokeAllResult {
  outcome: "revoked" | "no_active_sessions";
  userId: string;
  sessionIds: string[];
}

export async function revokeAllUserSessions(db: Db, clock: Clock, userId: string, reasonCode: string, actor: Actor): Promise<RevokeAllResult> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const sessionIds = await revokeUserSessionsIn(tx, now, userId, reasonCode, actor);
    await recordAudit(tx, { action: "session.revoke_all", actor, reasonCode, subjectType: "user", subjectId: userId, changes: { sessionIds } }, now);
    return { outcome: sessionIds.length > 0 ? "revoked" : "no_active_sessions", userId, sessionIds };
  });
}
