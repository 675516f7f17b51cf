import { sql } from "drizzle-orm";
import { CHANGES_CHANNEL } from "#src/db/changes.js";
import { tables, type Db } from "#src/db/index.js";
import type { SessionEventType } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";

/** The topic every instance hears, once the writing transaction commits, when session events were written. */
export const SESSION_EVENTS_TOPIC = "session-events";

export interface SessionChange {
  type: SessionEventType;
  userId: string;
  reasonCode?: string | null;
  actor: Actor;
  at: Date;
}

const e = tables.sessionEvents;

/**
 * Writes one event per session in the caller's transaction, as one statement whatever the
 * count (a revoke-all of 10,000 sessions sends one array), and in the same statement queues the
 * notification PostgreSQL delivers to every instance when, and only if, the transaction commits.
 */
export async function recordSessionEvents(tx: Db, sessionIds: readonly string[], change: SessionChange): Promise<void> {
  if (sessionIds.length === 0) return;
  const ids = `{${sessionIds.join(",")}}`;
  await tx.execute(sql`
    with written as (
      insert into ${e} (type, session_id, user_id, reason_code, actor_type, actor_id, occurred_at)
      select ${change.type}::session_event_type, sid, ${change.userId}::uuid, ${change.reasonCode ?? null}::text, ${change.actor.type}::text,
        ${change.actor.id ?? null}::text, ${change.at.toISOString()}::timestamptz
      from unnest(${ids}::uuid[]) as sid
      returning 1
    )
    select pg_notify(${CHANGES_CHANNEL}, ${SESSION_EVENTS_TOPIC}) where exists (select 1 from written)`);
}
