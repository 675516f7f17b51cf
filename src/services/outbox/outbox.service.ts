import { desc, sql } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { OutboxMessageRow } from "#src/db/schema/index.js";
import type { ServiceDeps } from "../deps/index.js";

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Writes a message inside the caller's transaction: the e-mail exists if and only if the change does. */
export async function enqueueMessage(tx: Db, message: OutgoingMessage, at: Date): Promise<OutboxMessageRow> {
  const [row] = await tx.insert(tables.outboxMessages).values({ ...message, html: message.html ?? null, createdAt: at }).returning();
  return row!;
}

export function createOutboxService({ db }: ServiceDeps) {
  /** Newest first, optionally for one address (case-insensitive). */
  function list(filter: { to?: string; limit: number }): Promise<OutboxMessageRow[]> {
    const o = tables.outboxMessages;
    return db
      .select()
      .from(o)
      .where(filter.to ? sql`lower(${o.to}) = ${filter.to.toLowerCase()}` : undefined)
      .orderBy(desc(o.createdAt), desc(o.id))
      .limit(filter.limit);
  }

  return { list };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
