import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { SessionRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordSessionEvents } from "../session-events/record.js";

/**
 * Marks a session refreshed (new tokens issued for it) inside the caller's transaction, which
 * must hold the session row's lock and have checked it is active: its last access moves to now
 * and a "refreshed" event is written with the change.
 */
export async function markSessionRefreshed(tx: Db, sessionId: string, now: Date, actor: Actor): Promise<SessionRow> {
  const s = tables.sessions;
  const [touched] = await tx.update(s).set({ lastAccessAt: now }).where(eq(s.id, sessionId)).returning();
  await recordSessionEvents(tx, [sessionId], { type: "refreshed", userId: touched!.userId, actor, at: now });
  return touched!;
}
