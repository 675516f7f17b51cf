import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { idColumn, tstz } from "./columns.js";

/** Who did what to whom, written in the same transaction as the change it records. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: idColumn(),
    occurredAt: tstz("occurred_at").notNull().defaultNow(),
    action: text("action").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    reasonCode: text("reason_code"),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    /** Field names to new values; secrets are never written here. */
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_subject_idx").on(t.subjectType, t.subjectId, t.id.desc()),
    index("audit_events_occurred_idx").on(t.occurredAt),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
