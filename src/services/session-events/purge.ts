import { and, lt, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { PurgeTarget } from "../housekeeping/purge.js";

const DAY = 86_400_000;
const e = tables.sessionEvents;
const c = tables.sessionEventCursors;
const w = tables.webhooks;

/** Every sink has passed the event: no cursor row (the Redis sink) and no enabled webhook stands before it. */
const deliveredEverywhere = sql`not exists (select 1 from ${c} where (${c.txId}, ${c.eventId}) < (${e.txId}, ${e.id}))
  and not exists (select 1 from ${w} where ${w.disabledAt} is null and (${w.cursorTxId}, ${w.cursorEventId}) < (${e.txId}, ${e.id}))`;

/** Session events past the retention that every sink delivered, for the batched purge (src/services/housekeeping). */
export const sessionEventPurgeTargets: PurgeTarget[] = [
  {
    name: "delivered session events",
    table: e,
    key: [e.id],
    stale: (now, policy) => and(lt(e.occurredAt, new Date(now.getTime() - policy.sessionEventRetentionDays * DAY)), deliveredEverywhere),
  },
];
