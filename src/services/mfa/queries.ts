import { and, asc, count, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { isAnyId, preparedFor, tables, type Db } from "#src/db/index.js";
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
// The outer column is named in full: in a one-table select drizzle leaves columns unqualified,
// and a bare "id" inside the subquery would bind to the keys' own id (counting none, by a full scan).
const verifiedMfaSum = sql<number>`coalesce(sum(case when "mfas"."type" = 'webauthn' then (select count(*) from mfa_webauthn_credentials keys where keys.mfa_id = "mfas"."id") else 1 end), 0)::int`;

export async function verifiedMfaCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: verifiedMfaSum }).from(tables.mfas).where(and(eq(tables.mfas.userId, userId), eq(tables.mfas.verified, true)));
  return Number(row?.n ?? 0);
}

/**
 * The same count for each of many users, as a subquery (userId, n) to join in a prepared
 * statement whose placeholder `idsPlaceholder` holds the users' ids; users without any are absent.
 */
export function verifiedMfaCounts(db: Db, idsPlaceholder: string) {
  const m = tables.mfas;
  return db
    .select({ userId: m.userId, n: verifiedMfaSum.as("n") })
    .from(m)
    .where(and(isAnyId(m.userId, idsPlaceholder), eq(m.verified, true)))
    .groupBy(m.userId)
    .as("verified_mfa_counts");
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

const verifiedViewsOfUsersStatement = preparedFor((db) =>
  db.query.mfas
    .findMany({
      where: (m, { and, eq }) => and(isAnyId(m.userId, "userIds"), eq(m.verified, true)),
      orderBy: (m, { asc }) => asc(m.id),
      with: { credentials: { orderBy: (k, { asc }) => asc(k.id) } },
      // Relational queries qualify every column in `extras` with the root table's alias, so the
      // subquery names its own table and columns in plain SQL.
      extras: (m) => ({
        codeCount: sql<number>`(select count(*)::int from mfa_codes live where live.mfa_id = ${m.id} and (live.expires_at is null or live.expires_at > ${sql.placeholder("now")}::timestamptz))`.as("code_count"),
      }),
    })
    .prepare("verified_mfa_views_of_users"),
);

/** Verified MFAs of many users at once, with their live codes and keys: one statement for a page of users. */
export async function verifiedViewsOfUsers(db: Db, userIds: readonly string[], now: Date): Promise<Map<string, MfaView[]>> {
  const grouped = new Map<string, MfaView[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return grouped;
  const rows = await verifiedViewsOfUsersStatement(db).execute({ userIds: [...userIds], now: now.toISOString() });
  for (const { credentials, codeCount, ...mfa } of rows) grouped.get(mfa.userId)?.push({ mfa, codeCount: Number(codeCount), credentials });
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
