import { desc, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasswordRow } from "#src/db/schema/index.js";

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
