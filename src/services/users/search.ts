import { and, asc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { isId } from "../errors/index.js";

export interface UserSearch {
  realmId: string;
  /** Case-insensitive substring of username, e-mail, names, employee id or personal e-mail. */
  search?: string;
  username?: string;
  email?: string;
  /** Keyset cursor: users after this one in (createdAt, id) order; ids are random, so the time leads. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Creation order, ties (one millisecond) broken by id: the order of users_realm_created_id_idx. */
export function searchUsersQuery(db: Db, q: UserSearch) {
  const u = tables.users;
  const where: (SQL | undefined)[] = [eq(u.realmId, q.realmId)];
  if (q.search) {
    const pattern = `%${escapeLike(q.search)}%`;
    where.push(or(ilike(u.username, pattern), ilike(u.email, pattern), ilike(u.firstName, pattern),
      ilike(u.lastName, pattern), ilike(u.displayName, pattern), ilike(u.employeeId, pattern), ilike(u.personalEmail, pattern)));
  }
  if (q.username) where.push(ilike(u.username, escapeLike(q.username)));
  if (q.email) where.push(ilike(u.email, escapeLike(q.email)));
  // A row comparison, so PostgreSQL seeks the index to the cursor instead of filtering.
  if (q.after) where.push(sql`(${u.createdAt}, ${u.id}) > (${q.after.createdAt.toISOString()}::timestamptz, ${q.after.id}::uuid)`);
  return db.select().from(u).where(and(...where)).orderBy(asc(u.createdAt), asc(u.id)).limit(q.limit);
}

export function searchUsers(db: Db, q: UserSearch): Promise<UserRow[]> {
  return searchUsersQuery(db, q).execute();
}

export function usersByIds(db: Db, ids: readonly string[]): Promise<UserRow[]> {
  const valid = ids.filter(isId);
  if (valid.length === 0) return Promise.resolve([]);
  return db.select().from(tables.users).where(inArray(tables.users.id, valid));
}
