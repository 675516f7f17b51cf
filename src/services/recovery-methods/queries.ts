import { and, asc, count, eq } from "drizzle-orm";
import { isAnyId, preparedFor, tables, type Db } from "#src/db/index.js";
import type { RecoveryMethodRow } from "#src/db/schema/index.js";

export async function verifiedMethodCount(db: Db, userId: string): Promise<number> {
  const r = tables.recoveryMethods;
  const [row] = await db.select({ n: count() }).from(r).where(and(eq(r.userId, userId), eq(r.verified, true)));
  return Number(row?.n ?? 0);
}

const methodsOfUsersStatement = preparedFor((db) => {
  const r = tables.recoveryMethods;
  return db.select().from(r).where(isAnyId(r.userId, "userIds")).orderBy(asc(r.createdAt), asc(r.id)).prepare("recovery_methods_of_users");
});

/** Every method of many users in one statement, oldest first. */
export async function methodsOfUsers(db: Db, userIds: readonly string[]): Promise<Map<string, RecoveryMethodRow[]>> {
  const grouped = new Map<string, RecoveryMethodRow[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return grouped;
  const rows = await methodsOfUsersStatement(db).execute({ userIds: [...userIds] });
  for (const row of rows) grouped.get(row.userId)?.push(row);
  return grouped;
}

export async function methodByUid(db: Db, uid: string, userId?: string): Promise<RecoveryMethodRow | undefined> {
  const r = tables.recoveryMethods;
  const [row] = await db.select().from(r).where(and(eq(r.uid, uid), userId ? eq(r.userId, userId) : undefined)).limit(1);
  return row;
}
