import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { PasswordRow } from "#src/db/schema/index.js";
import { hashNeedsRehash, hashSecret } from "./hashing.js";

/**
 * After a password matched: when its hash was made with other argon2id parameters than new
 * hashes now get (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_TIME_COST), stores a new hash of it, so
 * a raised cost reaches every active user. The row is only rewritten while it still holds the
 * hash that matched: a password changed meanwhile stays as it is.
 */
export async function rehashIfStale(db: Db, row: PasswordRow, password: string): Promise<void> {
  if (!hashNeedsRehash(row.hash)) return;
  const hash = await hashSecret(password);
  const p = tables.passwords;
  await db.update(p).set({ hash }).where(and(eq(p.id, row.id), eq(p.hash, row.hash)));
}
