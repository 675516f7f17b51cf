import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { SessionEventType, WebhookRow } from "#src/db/schema/index.js";
import type { Actor } from "../../access/index.js";
import { recordAudit } from "../../audit/index.js";
import type { ServiceDeps } from "../../deps/index.js";
import { DomainError, ErrorCode, isId, notFound } from "../../errors/index.js";
import { WebhookErrorCode } from "./error-codes.js";
import { newWebhookSecret, webhookSecretSealer } from "./secret.js";
import { checkWebhookUrl } from "./url.js";

export interface NewWebhook {
  url: string;
  eventTypes: SessionEventType[];
}

export interface CreatedWebhook {
  webhook: WebhookRow;
  /** Shown once: only its sealed form is stored. */
  secret: string;
}

export function createWebhookService({ db, clock, config }: ServiceDeps) {
  const w = tables.webhooks;
  const sealer = webhookSecretSealer(config);

  /** Receives the events committed from now on. */
  async function create(input: NewWebhook, actor: Actor): Promise<CreatedWebhook> {
    const url = checkWebhookUrl(input.url);
    const eventTypes = [...new Set(input.eventTypes)];
    if (eventTypes.length === 0) throw new DomainError(ErrorCode.BAD_USER_INPUT, "eventTypes must name at least one type", { field: "eventTypes" });
    const id = randomUUID();
    const secret = newWebhookSecret();
    return db.transaction(async (tx) => {
      const now = clock.now();
      const [webhook] = await tx
        .insert(w)
        .values({ id, url, eventTypes, secretSealed: sealer.seal(id, secret), createdAt: now, cursorTxId: sql`(pg_current_xact_id()::text::bigint)`, nextAttemptAt: now })
        .returning();
      await recordAudit(tx, { action: "webhook.create", actor, subjectType: "webhook", subjectId: id, changes: { url, eventTypes } }, now);
      return { webhook: webhook!, secret };
    });
  }

  function list(): Promise<WebhookRow[]> {
    return db.select().from(w).orderBy(asc(w.createdAt), asc(w.id));
  }

  async function remove(id: string, actor: Actor): Promise<WebhookRow> {
    if (!isId(id)) throw notFound(WebhookErrorCode.WEBHOOK_NOT_FOUND, "webhook");
    return db.transaction(async (tx) => {
      const [row] = await tx.delete(w).where(eq(w.id, id)).returning();
      if (!row) throw notFound(WebhookErrorCode.WEBHOOK_NOT_FOUND, "webhook");
      await recordAudit(tx, { action: "webhook.delete", actor, subjectType: "webhook", subjectId: id, changes: { url: row.url } }, clock.now());
      return row;
    });
  }

  return { create, list, remove };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
