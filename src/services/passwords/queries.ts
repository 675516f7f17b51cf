import { desc, eq, sql } from "drizzle-orm";
import { isAnyId, preparedFor, tables, type Db } from "#src/db/index.js";
import type { PasswordRow } from "#src/db/schema/index.js";
import { verifiedMfaCounts } from "../mfa/index.js";

/** A user's newest password rows, newest first: the first is the current password. */
export function recentPasswords(db: Db, userId: string, limit: number): Promise<PasswordRow[]> {
  return db
    .select()
    .from(tables.passwords)
    .where(eq(tables.passwords.userId, userId))
    .orderBy(desc(tables.passwords.createdAt), desc(tables.passwords.id))
    .limit(limit);
}

export async function currentPassword(db: Db, userId: string): Promise<PasswordRow | undefined> {
  const [row] = await recentPasswords(db, userId, 1);
  return row;
}

const currentPasswordsOfUsersStatement = preparedFor((db) => {
  const p = tables.passwords;
  const counts = verifiedMfaCounts(db, "userIds");
  return db
    .selectDistinctOn([p.userId], { row: p, verifiedMfaCount: sql<number>`coalesce(${counts.n}, 0)` })
    .from(p)
    .leftJoin(counts, eq(counts.userId, p.userId))
    .where(isAnyId(p.userId, "userIds"))
    .orderBy(p.userId, desc(p.createdAt), desc(p.id))
    .prepare("current_passwords_of_users");
});

/** The current password of each of many users, with the user's verified MFA count: one statement for a page of users. */
export async function currentPasswordsOfUsers(db: Db, userIds: readonly string[]): Promise<Map<string, { row: PasswordRow; verifiedMfaCount: number }>> {
  if (userIds.length === 0) return new Map();
  const rows = await currentPasswordsOfUsersStatement(db).execute({ userIds: [...userIds] });
  return new Map(rows.map((r) => [r.row.userId, { row: r.row, verifiedMfaCount: Number(r.verifiedMfaCount) }]));
}
