import type { SessionEventRow } from "#src/db/schema/index.js";

/** The Standard Webhooks message id of an event: the same on every retry, so a receiver can drop duplicates. */
export const messageIdOf = (event: SessionEventRow) => `sev_${event.id}`;

/** The Standard Webhooks body: `type`, `timestamp`, `data`. */
export function webhookPayload(event: SessionEventRow): string {
  return JSON.stringify({
    type: `session.${event.type}`,
    timestamp: event.occurredAt.toISOString(),
    data: {
      id: String(event.id),
      sessionId: event.sessionId,
      userId: event.userId,
      reasonCode: event.reasonCode,
      actor: { type: event.actorType, id: event.actorId },
      occurredAt: event.occurredAt.toISOString(),
    },
  });
}
