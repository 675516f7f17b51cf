import { and, asc, count, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaRow, MfaWebauthnCredentialRow } from "#src/db/schema/index.js";

/** An MFA with what its listings show: live codes and WebAuthn keys. */
export interface MfaView {
  mfa: MfaRow;
  codeCount: number;
  credentials: MfaWebauthnCredentialRow[];
}

/**
 * Verified second factors of a user, as the nag, the prompt and the password extension count
 * them: every WebAuthn key separately, manager and recovery codes included.
 */
export async function verifiedMfaCount(db: Db, userId: string): Promise<number> {
  const m = tables.mfas;
  const c = tables.mfaWebauthnCredentials;
  const [row] = await db
    .select({
      n: sql<number>`coalesce(sum(case when ${m.type} = 'webauthn' then (select count(*) from ${c} where ${c.mfaId} = ${m.id}) else 1 end), 0)::int`,
    })
    .from(m)
    .where(and(eq(m.userId, userId), eq(m.verified, true)));
  return Number(row?.n ?? 0);
}

const liveCode = (now: Date) => or(isNull(tables.mfaCodes.expiresAt), gt(tables.mfaCodes.expiresAt, now));

/** The views of the given MFA rows: three statements whatever their number. */
export async function viewsOf(db: Db, rows: MfaRow[], now: Date): Promise<MfaView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const codes = await db
    .select({ mfaId: tables.mfaCodes.mfaId, n: count() })
    .from(tables.mfaCodes)
    .where(and(inArray(tables.mfaCodes.mfaId, ids), liveCode(now)))
    .groupBy(tables.mfaCodes.mfaId);
  const credentials = await db
    .select()
    .from(tables.mfaWebauthnCredentials)
    .where(inArray(tables.mfaWebauthnCredentials.mfaId, ids))
    .orderBy(asc(tables.mfaWebauthnCredentials.id));
  const codeCounts = new Map(codes.map((c) => [c.mfaId, Number(c.n)]));
  return rows.map((mfa) => ({
    mfa,
    codeCount: codeCounts.get(mfa.id) ?? 0,
    credentials: credentials.filter((c) => c.mfaId === mfa.id),
  }));
}

/** Verified MFAs of many users at once (a page of users costs the same as one). */
export async function verifiedViewsOfUsers(db: Db, userIds: readonly string[], now: Date): Promise<Map<string, MfaView[]>> {
  const grouped = new Map<string, MfaView[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return grouped;
  const rows = await db
    .select()
    .from(tables.mfas)
    .where(and(inArray(tables.mfas.userId, [...userIds]), eq(tables.mfas.verified, true)))
    .orderBy(asc(tables.mfas.id));
  for (const view of await viewsOf(db, rows, now)) grouped.get(view.mfa.userId)?.push(view);
  return grouped;
}

export async function mfaOfUser(db: Db, userId: string, mfaId: number): Promise<MfaRow | undefined> {
  const [row] = await db.select().from(tables.mfas).where(and(eq(tables.mfas.id, mfaId), eq(tables.mfas.userId, userId))).limit(1);
  return row;
}

/** Whether the user still has a verified factor, WebAuthn keys counted one by one. */
export function countOf(views: readonly MfaView[]): number {
  return views.reduce((n, v) => n + (v.mfa.type === "webauthn" ? v.credentials.length : 1), 0);
}
