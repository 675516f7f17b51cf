import { desc, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { ErrorCode, isId, notFound } from "../errors/index.js";
import { dummyPasswordHash, hashSecret, verifySecret } from "./hashing.js";
import { assertPasswordAcceptable } from "./policy.js";

export function createPasswordService({ db, clock }: ServiceDeps) {
  /** Stores a new current password; older rows stay as history. */
  async function set(userId: string, password: string, actor: Actor): Promise<void> {
    assertPasswordAcceptable(password);
    if (!isId(userId)) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
    const hash = await hashSecret(password);
    await db.transaction(async (tx) => {
      const [user] = await tx.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, userId)).for("update");
      if (!user) throw notFound(ErrorCode.USER_NOT_FOUND, "user");
      const now = clock.now();
      await tx.insert(tables.passwords).values({ userId, hash, createdAt: now });
      await recordAudit(tx, { action: "user.password.set", actor, subjectType: "user", subjectId: userId }, now);
    });
  }

  async function current(executor: Db, userId: string) {
    const [row] = await executor
      .select()
      .from(tables.passwords)
      .where(eq(tables.passwords.userId, userId))
      .orderBy(desc(tables.passwords.createdAt), desc(tables.passwords.id))
      .limit(1);
    return row;
  }

  /** True when the password matches; takes the same time whether or not the user has one. */
  async function verify(userId: string | undefined, password: string): Promise<boolean> {
    const row = userId ? await current(db, userId) : undefined;
    const ok = await verifySecret(row?.hash ?? (await dummyPasswordHash()), password);
    return ok && row !== undefined;
  }

  async function hasPassword(userId: string): Promise<boolean> {
    return (await current(db, userId)) !== undefined;
  }

  return { set, verify, hasPassword };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
