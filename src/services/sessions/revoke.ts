import { and, eq, ne } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import { isUserBlocked } from "../blocks/check.js";
import type { Clock } from "../clock/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";
import { recordSessionEvents } from "../session-events/record.js";

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
      await recordSessionEvents(tx, [sessionId], { type: "revoked", userId: revoked.userId, reasonCode, actor, at: now });
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
 * keepSessionId: a session to leave active ("all but the current one"); the not-before then stays,
 * since it would kill that session's tokens too, and the revoked sessions' rows refuse theirs.
 */
export async function revokeUserSessionsIn(tx: Db, now: Date, userId: string, reasonCode: string, actor: Actor, keepSessionId?: string): Promise<string[]> {
  if (!isId(userId)) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
  const keep = keepSessionId !== undefined && isId(keepSessionId) ? keepSessionId : undefined;
  const u = tables.users;
  const [user] = await tx.select({ id: u.id, realmId: u.realmId, email: u.email }).from(u).where(eq(u.id, userId)).for("update");
  if (!user) throw notFound(ErrorCode.SUBJECT_NOT_FOUND, "subject");
  const rows = await tx
    .update(tables.sessions)
    .set({ status: "revoked", revokedAt: now, revokeReasonCode: reasonCode, revokeActorType: actor.type, revokeActorId: actor.id ?? null })
    .where(and(eq(tables.sessions.userId, userId), eq(tables.sessions.status, "active"), keep ? ne(tables.sessions.id, keep) : undefined))
    .returning({ id: tables.sessions.id, createdAt: tables.sessions.createdAt });
  if (rows.length > 0) {
    // A blocked subject holds no session past the block's own transaction: sessions ending now
    // while it is blocked end because of the block.
    const type = (await isUserBlocked(tx, user)) ? "blocked" : "revoked";
    await recordSessionEvents(tx, rows.map((r) => r.id), { type, userId, reasonCode, actor, at: now });
  }
  if (!keep) await tx.update(tables.users).set({ notBefore: now }).where(eq(tables.users.id, userId));
  rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  return rows.map((r) => r.id);
}

export interface RevokeAllResult {
  outcome: "revoked" | "no_active_sessions";
  userId: string;
  sessionIds: string[];
}

export async function revokeAllUserSessions(db: Db, clock: Clock, userId: string, reasonCode: string, actor: Actor, keepSessionId?: string): Promise<RevokeAllResult> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const sessionIds = await revokeUserSessionsIn(tx, now, userId, reasonCode, actor, keepSessionId);
    const changes = keepSessionId === undefined ? { sessionIds } : { sessionIds, keptSessionId: keepSessionId };
    await recordAudit(tx, { action: "session.revoke_all", actor, reasonCode, subjectType: "user", subjectId: userId, changes }, now);
    return { outcome: sessionIds.length > 0 ? "revoked" : "no_active_sessions", userId, sessionIds };
  });
}
