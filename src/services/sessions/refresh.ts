import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { SessionRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordSessionEvents } from "../session-events/record.js";

/**
 * Marks a session refreshed (new tokens issued for it) inside the caller's transaction, which
 * must hold the session row's lock and have checked it is active: its last access moves to now
 * and a "refreshed" event is written with the change. The two statements go out together (the
 * postgres driver pipelines the statements of one transaction), one round trip instead of two.
 */
export async function markSessionRefreshed(tx: Db, session: SessionRow, now: Date, actor: Actor): Promise<SessionRow> {
  const s = tables.sessions;
  const [[touched]] = await Promise.all([
    tx.update(s).set({ lastAccessAt: now }).where(eq(s.id, session.id)).returning(),
    recordSessionEvents(tx, [session.id], { type: "refreshed", userId: session.userId, actor, at: now }),
  ]);
  return touched!;
}
