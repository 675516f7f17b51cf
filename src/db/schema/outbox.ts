import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, idColumn, tstz } from "./columns.js";

/** Every e-mail the server sends is written here first (and delivered by SMTP when configured). */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: idColumn(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    createdAt: createdAt(),
    sentAt: tstz("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_to_idx").on(t.to, t.id.desc()), index("outbox_unsent_idx").on(t.sentAt)],
);

export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
