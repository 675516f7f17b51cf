import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import { isId } from "../errors/index.js";
import { isActive, mailAddressOf } from "../users/status.js";

/** Whose MFA or recovery method a call is about: by user id, or by employee id within a realm (the broker's way). */
export interface Owner {
  realmId: string;
  employeeId?: string | null;
  userId?: string | null;
}

/** True when the caller named someone at all; an empty employee id names no one. */
export const ownerGiven = (owner: Owner) => Boolean(owner.userId) || (owner.employeeId !== null && owner.employeeId !== undefined);

export async function findOwner(db: Db, owner: Owner): Promise<UserRow | undefined> {
  const u = tables.users;
  if (owner.userId) {
    if (!isId(owner.userId)) return undefined;
    const [row] = await db.select().from(u).where(eq(u.id, owner.userId)).limit(1);
    return row;
  }
  if (!owner.employeeId) return undefined;
  const [row] = await db.select().from(u).where(and(eq(u.realmId, owner.realmId), eq(u.employeeId, owner.employeeId))).limit(1);
  return row;
}

/** Where mail for the user goes; none for an inactive user, as the broker skips those. */
export function userAddress(user: UserRow, now: Date): string | undefined {
  return isActive(user, now) ? (mailAddressOf(user) ?? undefined) : undefined;
}
