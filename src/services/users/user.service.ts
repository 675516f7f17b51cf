import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";
import { issueInvite } from "../invites/index.js";
import { initialNagDates, nagStateOf } from "../nags/index.js";
import { addVerifiedMethod } from "../recovery-methods/index.js";
import { userConflict } from "./conflicts.js";
import { contingentExpiry, followUps } from "./profile-rules.js";
import { isActive } from "./status.js";
import { searchUsers, usersByIds, type UserSearch } from "./search.js";
import type { NewUser, UserPatch } from "./user-fields.js";

export function createUserService({ db, clock }: ServiceDeps) {
  async function byId(id: string): Promise<UserRow | undefined> {
    if (!isId(id)) return undefined;
    const [row] = await db.select().from(tables.users).where(eq(tables.users.id, id)).limit(1);
    return row;
  }

  async function require(id: string): Promise<UserRow> {
    const row = await byId(id);
    if (!row) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    return row;
  }

  /** By username or e-mail, case-insensitively, as login forms take either. */
  async function byLogin(realmId: string, login: string): Promise<UserRow | undefined> {
    const lowered = login.toLowerCase();
    const [row] = await db
      .select()
      .from(tables.users)
      .where(and(eq(tables.users.realmId, realmId),
        sql`(lower(${tables.users.username}) = ${lowered} or lower(${tables.users.email}) = ${lowered})`))
      .limit(1);
    return row;
  }

  async function create(realmId: string, input: NewUser, actor: Actor): Promise<UserRow> {
    const { invite, ...fields } = input;
    try {
      return await db.transaction(async (tx) => {
        const now = clock.now();
        const [row] = await tx
          .insert(tables.users)
          .values({
            ...initialNagDates(now),
            ...fields,
            realmId,
            createdAt: now,
            updatedAt: now,
            deactivatedAt: fields.active === false ? now : null,
            expiresOn: contingentExpiry(fields, invite === true, now),
          })
          .returning();
        await recordAudit(tx, { action: "user.create", actor, subjectType: "user", subjectId: row!.id, changes: { ...fields } }, now);
        // A personal address differing from the organisational one is a recovery method, verified by fiat.
        if (fields.personalEmail && fields.personalEmail.toLowerCase() !== fields.email?.toLowerCase()) {
          await addVerifiedMethod(tx, row!.id, fields.personalEmail, actor, now);
        }
        if (invite) await issueInvite(tx, row!, actor, now);
        return row!;
      });
    } catch (error) {
      throw userConflict(error);
    }
  }

  async function update(id: string, patch: UserPatch, actor: Actor): Promise<UserRow> {
    try {
      return await db.transaction(async (tx) => {
        if (!isId(id)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
        const [before] = await tx.select().from(tables.users).where(eq(tables.users.id, id)).for("update");
        if (!before) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
        const now = clock.now();
        const deactivatedAt =
          patch.active === undefined ? before.deactivatedAt : patch.active ? null : before.active ? now : before.deactivatedAt;
        const [row] = await tx
          .update(tables.users)
          .set({ ...patch, ...followUps(before, patch, now), updatedAt: now, deactivatedAt })
          .where(eq(tables.users.id, id))
          .returning();
        await recordAudit(tx, { action: "user.update", actor, subjectType: "user", subjectId: id, changes: { ...patch } }, now);
        return row!;
      });
    } catch (error) {
      throw userConflict(error);
    }
  }

  function deactivate(id: string, actor: Actor): Promise<UserRow> {
    return update(id, { active: false }, actor);
  }

  /**
   * Written after the login's transaction, on its own: that transaction share-locks the user row
   * (see createSession), and updating the row inside it would deadlock two logins of one user.
   * The condition keeps the latest time when logins finish out of order.
   */
  async function recordLogin(id: string, at: Date): Promise<void> {
    const u = tables.users;
    await db.update(u).set({ lastLoginAt: at }).where(and(eq(u.id, id), or(isNull(u.lastLoginAt), lt(u.lastLoginAt, at))));
  }

  /** Records a login reported by a relying party (the ID Broker's update-last-login), with an audit event. */
  async function touchLastLogin(id: string, actor: Actor): Promise<UserRow> {
    if (!isId(id)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    return db.transaction(async (tx) => {
      const now = clock.now();
      const [row] = await tx.update(tables.users).set({ lastLoginAt: now }).where(eq(tables.users.id, id)).returning();
      if (!row) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
      await recordAudit(tx, { action: "user.last_login", actor, subjectType: "user", subjectId: id, changes: { lastLoginAt: now.toISOString() } }, now);
      return row;
    });
  }

  async function byEmployeeId(realmId: string, employeeId: string): Promise<UserRow | undefined> {
    const [row] = await db
      .select()
      .from(tables.users)
      .where(and(eq(tables.users.realmId, realmId), eq(tables.users.employeeId, employeeId)))
      .limit(1);
    return row;
  }

  return {
    byId,
    require,
    byLogin,
    byIds: (ids: readonly string[]) => usersByIds(db, ids),
    search: (q: UserSearch) => searchUsers(db, q),
    create,
    update,
    deactivate,
    recordLogin,
    touchLastLogin,
    byEmployeeId,
    /** Active now: a contingent account past its expiry is not. */
    isActive: (user: Pick<UserRow, "active" | "expiresOn">) => isActive(user, clock.now()),
    nagState: (user: Pick<UserRow, "id" | "nagForMfaAfter" | "nagForMethodAfter" | "reviewProfileAfter">) => nagStateOf(db, user, clock.now()),
  };
}

export type UserService = ReturnType<typeof createUserService>;
