import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { tables, type Db } from "#src/db/index.js";
import type { OutboxMessageRow } from "#src/db/schema/index.js";
import type { Clock } from "../clock/index.js";

/** A message that failed this many times stays in the outbox, unsent, with its last error. */
export const MAX_DELIVERY_ATTEMPTS = 5;

export interface OutboxDelivery {
  /** Sends up to `limit` unsent messages, oldest first; answers how many went out. */
  deliverPending(limit?: number): Promise<number>;
}

/** An SMTP transport from SMTP_URL (smtp://user:pass@host:587, smtps://...), nodemailer's URL form. */
export function smtpTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

/**
 * Claims unsent messages in one statement (SKIP LOCKED, so instances side by side never take the
 * same one) by stamping sent_at, then sends them outside any transaction. A failed send clears
 * the stamp and records the error for a later round; a process that dies mid-send leaves the
 * message stamped: at most one copy, never a duplicate.
 */
export function createOutboxDelivery(db: Db, clock: Clock, transport: Transporter, from: string): OutboxDelivery {
  const o = tables.outboxMessages;

  async function claim(limit: number): Promise<OutboxMessageRow[]> {
    const now = clock.now();
    const due = db
      .select({ id: o.id })
      .from(o)
      .where(and(isNull(o.sentAt), lt(o.attempts, MAX_DELIVERY_ATTEMPTS)))
      .orderBy(asc(o.createdAt), asc(o.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    return db.update(o).set({ sentAt: now, attempts: sql`${o.attempts} + 1` }).where(inArray(o.id, due)).returning();
  }

  async function send(message: OutboxMessageRow): Promise<boolean> {
    try {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
      await db.update(o).set({ lastError: null }).where(eq(o.id, message.id));
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await db.update(o).set({ sentAt: null, lastError: reason.slice(0, 500) }).where(eq(o.id, message.id));
      return false;
    }
  }

  return {
    async deliverPending(limit = 50) {
      const claimed = await claim(limit);
      const results = await Promise.all(claimed.map(send));
      return results.filter(Boolean).length;
    },
  };
}

export interface DeliveryLoop {
  stop(): void;
}

/** Delivers the outbox every few seconds; errors are logged by the caller's hook and retried. */
export function startOutboxDelivery(delivery: OutboxDelivery, intervalMs: number, onError: (error: unknown) => void): DeliveryLoop {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    delivery.deliverPending().catch(onError).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
