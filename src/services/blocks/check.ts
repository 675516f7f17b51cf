import { and, eq, or } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";

/** A user is blocked by their id or by their (lower-cased) e-mail. */
export async function isUserBlocked(db: Db, user: { id: string; realmId: string; email: string | null }): Promise<boolean> {
  const b = tables.subjectBlocks;
  const byId = and(eq(b.subjectKind, "user_id"), eq(b.subjectValue, user.id));
  const byEmail = user.email ? and(eq(b.subjectKind, "email"), eq(b.subjectValue, user.email.toLowerCase())) : undefined;
  const [row] = await db
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.realmId, user.realmId), byEmail ? or(byId, byEmail) : byId))
    .limit(1);
  return row !== undefined;
}

/** A login by e-mail alone (device login) is refused for a blocked address even before a user is known. */
export async function isEmailBlocked(db: Db, realmId: string, email: string): Promise<boolean> {
  const b = tables.subjectBlocks;
  const [row] = await db
    .select({ id: b.id })
    .from(b)
    .where(and(eq(b.realmId, realmId), eq(b.subjectKind, "email"), eq(b.subjectValue, email.toLowerCase())))
    .limit(1);
  return row !== undefined;
}
