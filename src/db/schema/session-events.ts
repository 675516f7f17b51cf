import { sql } from "drizzle-orm";
import { bigint, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, randomIdColumn, tstz } from "./columns.js";

export const sessionEventType = pgEnum("session_event_type", ["created", "refreshed", "revoked", "blocked"]);

/**
 * Every change of a session's life, written in the transaction of the change. Readers order by
 * (tx_id, id) and read only rows of transactions older than every running one (see
 * src/services/session-events/read.ts): an id alone is handed out before commit, so a reader
 * could pass over a row whose transaction commits after a later one.
 * No foreign key: an event outlives the purge of its session.
 */
export const sessionEvents = pgTable(
  "session_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The writing transaction's id (xid8), the first part of the reading order. */
    txId: bigint("tx_id", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    type: sessionEventType("type").notNull(),
    sessionId: uuid("session_id").notNull(),
    userId: uuid("user_id").notNull(),
    reasonCode: text("reason_code"),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    occurredAt: tstz("occurred_at").notNull(),
  },
  (t) => [index("session_events_order_idx").on(t.txId, t.id), index("session_events_occurred_idx").on(t.occurredAt)],
);

/** How far one delivery sink (e.g. "redis") has come; an instance delivers while it holds the row's lock. */
export const sessionEventCursors = pgTable("session_event_cursors", {
  sink: text("sink").primaryKey(),
  txId: bigint("tx_id", { mode: "number" }).notNull(),
  eventId: bigint("event_id", { mode: "number" }).notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});

/** A webhook receiving session events, with its own cursor and retry state. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: randomIdColumn(),
    url: text("url").notNull(),
    eventTypes: sessionEventType("event_types").array().notNull(),
    /** The Standard Webhooks signing secret (whsec_…), sealed with SECRETS_KEY. */
    secretSealed: text("secret_sealed").notNull(),
    createdAt: createdAt(),
    cursorTxId: bigint("cursor_tx_id", { mode: "number" }).notNull(),
    cursorEventId: bigint("cursor_event_id", { mode: "number" }).notNull().default(0),
    /** Failed attempts at the batch after the cursor; reset by a success. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    /** An instance delivering holds this until then; a crashed one's lease simply runs out. */
    leaseUntil: tstz("lease_until"),
    lastError: text("last_error"),
    /** Set after too many failures in a row: no longer delivered, and no longer holds back the purge. */
    disabledAt: tstz("disabled_at"),
  },
  (t) => [index("webhooks_due_idx").on(t.nextAttemptAt)],
);

export type SessionEventRow = typeof sessionEvents.$inferSelect;
export type SessionEventType = (typeof sessionEventType.enumValues)[number];
export type WebhookRow = typeof webhooks.$inferSelect;
