import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { SessionKind, SessionRow } from "#src/db/schema/index.js";
import { isUserBlocked } from "../blocks/check.js";
import type { Clock } from "../clock/index.js";
import { DomainError, ErrorCode, isId, notFound } from "../errors/index.js";
import { recordSessionEvents } from "../session-events/record.js";

export interface NewSession {
  userId: string;
  kind: SessionKind;
  clientId?: string | null;
  clientPublicKey?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Seconds until the session ends; none: until revoked. */
  lifetimeSeconds?: number;
}

/**
 * Opens a session, inside the caller's transaction (its own would be a savepoint: two more
 * round trips on every login). The user row is share-locked first, so a concurrent revoke-all or block
 * (which lock it for update) either sees this session or runs wholly before it, and the
 * block is checked after the lock so no login slips past a block that committed first.
 * Logins of one user share the lock and run side by side; a caller must therefore not update
 * the user row in the same transaction (two such callers would each wait for the other's share
 * lock: a deadlock). Write it after the commit, as recordLogin does.
 */
export async function createSession(tx: Db, clock: Clock, input: NewSession): Promise<SessionRow> {
  if (!isId(input.userId)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
  const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, input.userId)).for("share");
  if (!user) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
  if (await isUserBlocked(tx, user)) throw new DomainError(ErrorCode.FORBIDDEN, "subject is blocked");
  const now = clock.now();
  const [row] = await tx
    .insert(tables.sessions)
    .values({
      realmId: user.realmId,
      userId: user.id,
      kind: input.kind,
      clientId: input.clientId ?? null,
      clientPublicKey: input.clientPublicKey ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      createdAt: now,
      lastAccessAt: now,
      expiresAt: input.lifetimeSeconds ? new Date(now.getTime() + input.lifetimeSeconds * 1000) : null,
    })
    .returning();
  await recordSessionEvents(tx, [row!.id], { type: "created", userId: user.id, actor: { type: "user", id: user.id }, at: now });
  return row!;
}
