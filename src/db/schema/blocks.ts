import { index, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn } from "./columns.js";
import { realms } from "./realms.js";
import { users } from "./users.js";

export const blockSubjectKind = pgEnum("block_subject_kind", ["user_id", "email"]);

/** A subject barred from every login flow, by user id or by (lower-cased) e-mail. */
export const subjectBlocks = pgTable(
  "subject_blocks",
  {
    id: idColumn(),
    realmId: uuid("realm_id").notNull().references(() => realms.id, { onDelete: "cascade" }),
    subjectKind: blockSubjectKind("subject_kind").notNull(),
    subjectValue: text("subject_value").notNull(),
    /** The user the subject resolved to when blocked, if any. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    reasonCode: text("reason_code").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("subject_blocks_subject_key").on(t.realmId, t.subjectKind, t.subjectValue),
    index("subject_blocks_user_idx").on(t.userId),
  ],
);

export type SubjectBlockRow = typeof subjectBlocks.$inferSelect;
export type BlockSubjectKind = (typeof blockSubjectKind.enumValues)[number];
