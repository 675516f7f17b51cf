import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { AuditEventRow } from "#src/db/schema/index.js";

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  /** Keyset: events older than this id. */
  before?: string;
  limit: number;
}

/** Newest first. */
export async function listAuditEvents(db: Db, filter: AuditFilter): Promise<AuditEventRow[]> {
  const t = tables.auditEvents;
  const where: SQL[] = [];
  if (filter.subjectType) where.push(eq(t.subjectType, filter.subjectType));
  if (filter.subjectId) where.push(eq(t.subjectId, filter.subjectId));
  if (filter.action) where.push(eq(t.action, filter.action));
  if (filter.before) where.push(lt(t.id, filter.before));
  return db.select().from(t).where(and(...where)).orderBy(desc(t.id)).limit(filter.limit);
}
