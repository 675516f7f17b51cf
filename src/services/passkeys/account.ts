import { and, asc, count, desc, eq, gt } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasskeyCredentialRow } from "#src/db/schema/index.js";

export const credentialsOf = (db: Db, userId: string): Promise<PasskeyCredentialRow[]> =>
  db.select().from(tables.passkeyCredentials).where(eq(tables.passkeyCredentials.userId, userId)).orderBy(asc(tables.passkeyCredentials.createdAt));

export interface PasskeySessionInfo {
  id: string;
  host: string | null;
  ip: string | null;
  userAgent: string | null;
  /** When the 24 hours of the session last started. */
  lastRenewed: Date;
  expiresAt: Date;
  credentialId: string | null;
}

/** The user's live passkey sessions, on every host, most recently renewed first. */
export async function passkeySessionsOf(db: Db, userId: string, now: Date, lifetimeMs: number): Promise<PasskeySessionInfo[]> {
  const s = tables.sessions;
  const ps = tables.passkeySessions;
  const rows = await db
    .select({ id: s.id, host: ps.host, ip: s.ip, userAgent: s.userAgent, expiresAt: s.expiresAt, credentialId: ps.credentialId })
    .from(ps)
    .innerJoin(s, eq(s.id, ps.sessionId))
    .where(and(eq(s.userId, userId), eq(s.status, "active"), gt(s.expiresAt, now)))
    .orderBy(desc(s.expiresAt));
  return rows.map((r) => ({ ...r, expiresAt: r.expiresAt!, lastRenewed: new Date(r.expiresAt!.getTime() - lifetimeMs) }));
}

/** Sign-ins with a passkey, as far back as sessions are kept (SESSION_RETENTION_DAYS). */
export async function visitsOf(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tables.passkeySessions)
    .innerJoin(tables.sessions, eq(tables.sessions.id, tables.passkeySessions.sessionId))
    .where(eq(tables.sessions.userId, userId));
  return row?.n ?? 0;
}
