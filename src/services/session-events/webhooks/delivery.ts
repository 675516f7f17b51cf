import { and, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import type { Config } from "#src/config/index.js";
import { tables, type Db } from "#src/db/index.js";
import type { SessionEventRow, WebhookRow } from "#src/db/schema/index.js";
import type { Clock } from "../../clock/index.js";
import { readEventsAfter, type EventCursor } from "../read.js";
import { messageIdOf, webhookPayload } from "./payload.js";
import { webhookSecretSealer } from "./secret.js";

/** After this many failures in a row (about eight hours of back-off) a webhook is disabled. */
export const MAX_WEBHOOK_ATTEMPTS = 20;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 3_600_000;
const REQUEST_TIMEOUT_MS = 5_000;
/** Events sent per webhook per round: with the timeout, well inside the lease. */
const SENDS_PER_ROUND = 10;
const LEASE_MS = 2 * SENDS_PER_ROUND * REQUEST_TIMEOUT_MS;
const READ_BATCH = 100;
const CLAIM_BATCH = 10;

/** 1 s, 2 s, 4 s … up to an hour. */
export const retryDelayMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);

export interface WebhookDelivery {
  /** Runs one round over the webhooks that are due and have events waiting; answers whether more is waiting. */
  deliverDue(): Promise<{ delivered: number; more: boolean }>;
}

class DeliveryFailure extends Error {}

/** What went wrong, without the URL or anything the receiver sent back. */
function failureReason(error: unknown): string {
  if (error instanceof DeliveryFailure) return error.message;
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS} ms`;
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? `request failed: ${code}` : "request failed";
}

/**
 * Each webhook keeps its own cursor and retry state in its row. A round leases the due webhooks
 * that have events waiting (SKIP LOCKED, so instances side by side take different ones), sends
 * outside any transaction, then writes the new cursor or the back-off under the same lease. An
 * instance that dies mid-round leaves a lease that runs out, and another carries on from the
 * cursor: at least once. One webhook failing only moves its own next attempt.
 */
export function createWebhookDelivery(db: Db, clock: Clock, config: Config | undefined): WebhookDelivery {
  const w = tables.webhooks;
  const e = tables.sessionEvents;
  const sealer = webhookSecretSealer(config);

  async function claim(now: Date): Promise<WebhookRow[]> {
    const pending = sql`exists (select 1 from ${e} where (${e.txId}, ${e.id}) > (${w.cursorTxId}, ${w.cursorEventId}))`;
    const due = db
      .select({ id: w.id })
      .from(w)
      .where(and(isNull(w.disabledAt), lte(w.nextAttemptAt, now), or(isNull(w.leaseUntil), lt(w.leaseUntil, now)), pending))
      .orderBy(w.nextAttemptAt)
      .limit(CLAIM_BATCH)
      .for("update", { skipLocked: true });
    return db.update(w).set({ leaseUntil: new Date(now.getTime() + LEASE_MS) }).where(inArray(w.id, due)).returning();
  }

  async function send(hook: WebhookRow, signer: Webhook, event: SessionEventRow): Promise<void> {
    const body = webhookPayload(event);
    const id = messageIdOf(event);
    const at = clock.now();
    const response = await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "identity-server-webhooks",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": signer.sign(id, at, body),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new DeliveryFailure(`HTTP ${response.status}`);
  }

  /** Sends what is waiting for one leased webhook, then records how far it got. */
  async function deliverTo(hook: WebhookRow): Promise<{ delivered: number; more: boolean }> {
    const batch = await readEventsAfter(db, { txId: hook.cursorTxId, eventId: hook.cursorEventId }, READ_BATCH);
    const signer = new Webhook(sealer.open(hook.id, hook.secretSealed));
    let cursor: EventCursor = { txId: hook.cursorTxId, eventId: hook.cursorEventId };
    let delivered = 0;
    let failure: unknown;
    let stoppedEarly = false;
    for (const event of batch.events) {
      if (hook.eventTypes.includes(event.type)) {
        if (delivered === SENDS_PER_ROUND) {
          stoppedEarly = true;
          break;
        }
        try {
          await send(hook, signer, event);
        } catch (error) {
          failure = error;
          break;
        }
        delivered++;
      }
      cursor = { txId: event.txId, eventId: event.id };
    }
    const now = clock.now();
    // A round that sent nothing (its events still held back) leaves the retry state as it was.
    const attempts = failure !== undefined ? hook.attempts + 1 : delivered > 0 ? 0 : hook.attempts;
    await db
      .update(w)
      .set({
        cursorTxId: cursor.txId,
        cursorEventId: cursor.eventId,
        attempts,
        nextAttemptAt: failure === undefined ? now : new Date(now.getTime() + retryDelayMs(attempts)),
        lastError: failure !== undefined ? failureReason(failure) : delivered > 0 ? null : hook.lastError,
        disabledAt: attempts >= MAX_WEBHOOK_ATTEMPTS ? now : null,
        leaseUntil: null,
      })
      // Written only under our own lease: one that ran out may belong to another instance now.
      .where(and(eq(w.id, hook.id), eq(w.leaseUntil, hook.leaseUntil!)));
    return { delivered, more: failure === undefined && (stoppedEarly || batch.full) };
  }

  return {
    async deliverDue() {
      const hooks = await claim(clock.now());
      const results = await Promise.all(hooks.map(deliverTo));
      return {
        delivered: results.reduce((n, r) => n + r.delivered, 0),
        more: hooks.length === CLAIM_BATCH || results.some((r) => r.more),
      };
    },
  };
}
