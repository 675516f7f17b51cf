import { and, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";
import { userConflict } from "./conflicts.js";
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
    try {
      return await db.transaction(async (tx) => {
        const now = clock.now();
        const [row] = await tx
          .insert(tables.users)
          .values({ ...input, realmId, createdAt: now, updatedAt: now, deactivatedAt: input.active === false ? now : null })
          .returning();
        await recordAudit(tx, { action: "user.create", actor, subjectType: "user", subjectId: row!.id, changes: { ...input } }, now);
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
          .set({ ...patch, updatedAt: now, deactivatedAt })
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

  async function recordLogin(id: string): Promise<void> {
    await db.update(tables.users).set({ lastLoginAt: clock.now() }).where(eq(tables.users.id, id));
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
  };
}

export type UserService = ReturnType<typeof createUserService>;
