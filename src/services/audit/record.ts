import { tables, type Db } from "#src/db/index.js";
import type { Actor } from "../access/index.js";

export interface AuditEntry {
  action: string;
  actor: Actor;
  subjectType: string;
  subjectId: string;
  reasonCode?: string | null;
  /** New values by field name; callers leave secrets out. */
  changes?: Record<string, unknown>;
}

/** Writes one audit event; call it inside the transaction of the change it records. */
export async function recordAudit(tx: Db, entry: AuditEntry, at: Date): Promise<void> {
  await tx.insert(tables.auditEvents).values({
    occurredAt: at,
    action: entry.action,
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    reasonCode: entry.reasonCode ?? null,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    changes: entry.changes ?? {},
  });
}
