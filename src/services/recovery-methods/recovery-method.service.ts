import { and, eq, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { RecoveryMethodRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { findOwner, type Owner } from "../mfa/owner.js";
import { methodCodeSealer, newMethodCode } from "./codes.js";
import { createMethod, type CreateMethodInput } from "./create.js";
import { mailVerificationCode } from "./emails.js";
import { MethodErrorCode } from "./error-codes.js";
import { methodByUid, methodsOfUsers, verifiedMethodCount } from "./queries.js";
import { restartVerification } from "./restart.js";
import { verifyMethod } from "./verify.js";

export function createRecoveryMethodService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const sealer = methodCodeSealer(deps.config);

  const notFound = (uid: string, owner: Owner) =>
    new DomainError(MethodErrorCode.METHOD_NOT_FOUND, `method '${uid}' for employee '${owner.employeeId ?? owner.userId ?? ""}' not found`);

  async function ownedMethod(owner: Owner, uid: string): Promise<{ user: UserRow; method: RecoveryMethodRow }> {
    const user = await findOwner(db, owner);
    const method = user ? await methodByUid(db, uid, user.id) : undefined;
    if (!user || !method) throw notFound(uid, owner);
    return { user, method };
  }

  /** GET /method/{uid}: verified methods only. */
  async function get(owner: Owner, uid: string): Promise<RecoveryMethodRow> {
    const { method } = await ownedMethod(owner, uid);
    if (!method.verified) throw notFound(uid, owner);
    return method;
  }

  /** GET /user/{employee_id}/method: every method, verified or not. */
  async function listOf(owner: Owner): Promise<RecoveryMethodRow[]> {
    const user = await findOwner(db, owner);
    if (!user) throw new DomainError(MethodErrorCode.METHOD_LIST_USER_NOT_FOUND, `User not found for employeeId '${owner.employeeId ?? owner.userId ?? ""}'`);
    return (await methodsOfUsers(db, [user.id])).get(user.id) ?? [];
  }

  async function remove(owner: Owner, uid: string, actor: Actor): Promise<void> {
    const { user, method } = await ownedMethod(owner, uid);
    await db.transaction(async (tx) => {
      const deleted = await tx.delete(tables.recoveryMethods).where(eq(tables.recoveryMethods.id, method.id)).returning({ id: tables.recoveryMethods.id });
      if (deleted.length === 0) throw notFound(uid, owner);
      await recordAudit(tx, { action: "recovery_method.delete", actor, subjectType: "user", subjectId: user.id, changes: { uid, value: method.value } }, clock.now());
    });
  }

  /**
   * Mails the same code again and counts that as an attempt, as deployed (reference §5); an
   * expired code restarts. A row from before codes were sealed holds only a hash of its code,
   * so it gets a new code (same expiry) that is sealed from then on.
   */
  async function resend(owner: Owner, uid: string, actor: Actor): Promise<void> {
    const { user, method } = await ownedMethod(owner, uid);
    if (method.verified) throw new DomainError(MethodErrorCode.METHOD_ALREADY_VERIFIED, "Method already verified");
    await db.transaction(async (tx) => {
      const now = clock.now();
      const r = tables.recoveryMethods;
      const [locked] = await tx.select().from(r).where(and(eq(r.id, method.id), eq(r.verified, false))).for("update");
      if (!locked) throw new DomainError(MethodErrorCode.METHOD_ALREADY_VERIFIED, "Method already verified");
      if (!locked.codeExpiresAt || locked.codeExpiresAt <= now) {
        await restartVerification(tx, sealer, user, locked, now);
      } else if (locked.codeSealed) {
        await tx.update(r).set({ attempts: sql`${r.attempts} + 1` }).where(eq(r.id, locked.id));
        await mailVerificationCode(tx, user, locked.value, uid, sealer.open(uid, locked.codeSealed), locked.codeExpiresAt, now);
      } else {
        const code = newMethodCode();
        await tx.update(r).set({ codeSealed: sealer.seal(uid, code), codeHash: null, attempts: sql`${r.attempts} + 1` }).where(eq(r.id, locked.id));
        await mailVerificationCode(tx, user, locked.value, uid, code, locked.codeExpiresAt, now);
      }
      await recordAudit(tx, { action: "recovery_method.resend", actor, subjectType: "user", subjectId: user.id, changes: { uid } }, now);
    });
  }

  return {
    verifiedCount: (userId: string) => verifiedMethodCount(db, userId),
    ofUsers: (userIds: readonly string[]) => methodsOfUsers(db, userIds),
    create: (input: CreateMethodInput, actor: Actor) => createMethod(deps, sealer, input, actor),
    verify: (uid: string, code: unknown, actor: Actor) => verifyMethod(deps, sealer, uid, code, actor),
    get,
    listOf,
    remove,
    resend,
  };
}

export type RecoveryMethodService = ReturnType<typeof createRecoveryMethodService>;
