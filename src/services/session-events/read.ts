import { sql } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { SessionEventRow } from "#src/db/schema/index.js";

/** A position in the reading order (tx_id, id): everything at or before it has been seen. */
export interface EventCursor {
  txId: number;
  eventId: number;
}

export interface EventBatch {
  /** In reading order, after the cursor. */
  events: SessionEventRow[];
  /** The last event's position (the given cursor when there is none). */
  cursor: EventCursor;
  /** The batch was cut at the limit: read again at once. */
  full: boolean;
  /** Committed rows wait behind an older transaction still running: read again soon. */
  held: boolean;
}

const e = tables.sessionEvents;

/** The oldest transaction still running: every transaction with a lower id has ended, so its rows are final. */
const HORIZON = sql`pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;

/**
 * The next events after a cursor. Ids are handed out before commit, so a transaction that
 * started earlier may commit later; rows are therefore read in (tx_id, id) order and only
 * below the horizon, where no running transaction can still add one before the cursor.
 * Rows above it are left for the next read: a long transaction delays delivery, never loses it.
 */
export async function readEventsAfter(db: Db, cursor: EventCursor, limit: number): Promise<EventBatch> {
  const rows = await db
    .select({ event: e, horizon: sql<string>`${HORIZON}` })
    .from(e)
    .where(sql`(${e.txId}, ${e.id}) > (${cursor.txId}, ${cursor.eventId})`)
    .orderBy(e.txId, e.id)
    .limit(limit);
  const horizon = rows.length > 0 ? Number(rows[0]!.horizon) : 0;
  const events = rows.filter((r) => r.event.txId < horizon).map((r) => r.event);
  const last = events.at(-1);
  return {
    events,
    cursor: last ? { txId: last.txId, eventId: last.id } : cursor,
    full: rows.length === limit && events.length === rows.length,
    held: events.length < rows.length,
  };
}

/** A cursor before every event committed from now on: where a new reader starts. */
export async function currentCursor(db: Db): Promise<EventCursor> {
  const [row] = rowsOf<{ horizon: string }>(await db.execute(sql`select ${HORIZON} as horizon`));
  return { txId: Number(row!.horizon) - 1, eventId: Number.MAX_SAFE_INTEGER };
}

/** db.execute answers an array on postgres-js and { rows } on PGlite. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

export const isLogout = (event: SessionEventRow) => event.type === "revoked" || event.type === "blocked";
