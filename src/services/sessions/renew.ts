import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { Clock } from "../clock/index.js";
import { recordSessionEvents } from "../session-events/record.js";

export interface Renewal {
  lifetimeSeconds: number;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Moves an active session's expiry to now + its lifetime (the passkey cookie's sliding 24 hours),
 * recording where it was renewed from, with a "refreshed" event in the same transaction. Returns
 * the new expiry, or undefined when the session has ended meanwhile: a renewal never revives one.
 */
export async function renewSession(db: Db, clock: Clock, sessionId: string, renewal: Renewal): Promise<Date | undefined> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + renewal.lifetimeSeconds * 1000);
    const s = tables.sessions;
    const [row] = await tx
      .update(s)
      .set({ expiresAt, lastAccessAt: now, ip: renewal.ip ?? null, userAgent: renewal.userAgent ?? null })
      .where(and(eq(s.id, sessionId), eq(s.status, "active")))
      .returning({ expiresAt: s.expiresAt, userId: s.userId });
    if (!row) return undefined;
    await recordSessionEvents(tx, [sessionId], { type: "refreshed", userId: row.userId, actor: { type: "user", id: row.userId }, at: now });
    return row.expiresAt ?? undefined;
  });
}
