import { createHash, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { InviteRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError, ErrorCode, isId, notFound } from "../errors/index.js";
import { dayAfter, type Period } from "../nags/days.js";
import { currentPassword } from "../passwords/queries.js";
import { notifyUser } from "../users/notify.js";
import { inviteMessage } from "./messages.js";

/** The deployed INVITE_LIFESPAN; an invite is good until the midnight that starts its last day. */
export const INVITE_LIFESPAN: Period = { months: 1 };

/** Invite codes are random UUIDs (122 bits), so a fast hash is enough to keep them secret at rest. */
const hashCode = (code: string) => createHash("sha256").update(code.trim().toLowerCase()).digest("hex");

/**
 * Gives the user a fresh code (replacing any earlier one) and e-mails it, copied to the
 * personal address when the user has both, in the caller's transaction.
 */
export async function issueInvite(tx: Db, user: UserRow, actor: Actor, now: Date): Promise<InviteRow> {
  const code = randomUUID();
  const values = { codeHash: hashCode(code), createdAt: now, expiresAt: dayAfter(now, INVITE_LIFESPAN) };
  const [row] = await tx
    .insert(tables.invites)
    .values({ userId: user.id, ...values })
    .onConflictDoUpdate({ target: tables.invites.userId, set: values })
    .returning();
  await notifyUser(tx, user, inviteMessage(user, code, values.expiresAt), now, [user.email ? user.personalEmail : null]);
  await recordAudit(tx, { action: "user.invite.issue", actor, subjectType: "user", subjectId: user.id, changes: { expiresAt: values.expiresAt.toISOString() } }, now);
  return row!;
}

export type InviteRedemption = { outcome: "valid"; user: UserRow } | { outcome: "expired" } | { outcome: "invalid" };

/**
 * Checks an invite code in the caller's transaction. The invite row is locked, so of several
 * concurrent uses of one expired code only the first renews it (the others no longer find it).
 */
export async function redeemInvite(tx: Db, code: string, actor: Actor, now: Date): Promise<InviteRedemption> {
  const [invite] = await tx.select().from(tables.invites).where(eq(tables.invites.codeHash, hashCode(code))).for("update");
  if (!invite) return { outcome: "invalid" };
  const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, invite.userId));
  if (!user || (await currentPassword(tx, user.id))) return { outcome: "invalid" };
  if (now > invite.expiresAt) {
    await issueInvite(tx, user, actor, now);
    return { outcome: "expired" };
  }
  return { outcome: "valid", user };
}

export function createInviteService({ db, clock }: ServiceDeps) {
  /** Issues (or renews) the invite of a user who has no password yet. */
  async function create(userId: string, actor: Actor): Promise<InviteRow> {
    if (!isId(userId)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    return db.transaction(async (tx) => {
      const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, userId)).for("update");
      if (!user) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
      if (await currentPassword(tx, userId)) {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, "the user already has a password; an invite would not be accepted", { field: "userId" });
      }
      return issueInvite(tx, user, actor, clock.now());
    });
  }

  async function ofUser(userId: string): Promise<InviteRow | undefined> {
    if (!isId(userId)) return undefined;
    const [row] = await db.select().from(tables.invites).where(eq(tables.invites.userId, userId));
    return row;
  }

  return { create, ofUser };
}

export type InviteService = ReturnType<typeof createInviteService>;
