import { and, eq, lt, sql } from "drizzle-orm";
import { tables } from "#src/db/index.js";
import type { RecoveryMethodRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { METHOD_MAX_ATTEMPTS, methodCodeMatches, type MethodCodeSealer } from "./codes.js";
import { MethodErrorCode } from "./error-codes.js";
import { methodByUid } from "./queries.js";
import { restartVerification } from "./restart.js";

const tooMany = () => new DomainError(MethodErrorCode.METHOD_ATTEMPTS_EXCEEDED, "Too many verification attempts");

/**
 * PUT /method/{uid}/verify (reference §5). The attempt is spent by one conditional UPDATE before
 * the code is compared, so parallel guesses never get past the cap; the wrong-code answer comes
 * before the expiry one, as deployed.
 */
export async function verifyMethod({ db, clock }: ServiceDeps, sealer: MethodCodeSealer, uid: string, code: unknown, actor: Actor): Promise<RecoveryMethodRow> {
  const method = await methodByUid(db, uid);
  if (!method) throw new DomainError(MethodErrorCode.METHOD_VERIFY_NOT_FOUND, `Method ${uid} not found`);
  if (method.verified) return method;
  if (method.attempts >= METHOD_MAX_ATTEMPTS) throw tooMany();
  if (code === null || code === undefined || code === "") throw new DomainError(MethodErrorCode.METHOD_CODE_REQUIRED, "Code is required", { field: "code" });
  // Only text of digits is a guess; anything else is refused before it spends an attempt.
  if (typeof code !== "string" || !/^\d{1,32}$/.test(code.trim())) {
    throw new DomainError(MethodErrorCode.METHOD_CODE_NOT_NUMERIC, "code must be the digits of the code that was sent, as text", { field: "code" });
  }

  const r = tables.recoveryMethods;
  const [claimed] = await db
    .update(r)
    .set({ attempts: sql`${r.attempts} + 1` })
    .where(and(eq(r.id, method.id), eq(r.verified, false), lt(r.attempts, METHOD_MAX_ATTEMPTS)))
    .returning();
  if (!claimed) {
    const now = await methodByUid(db, uid);
    if (now?.verified) return now;
    throw tooMany();
  }
  const audit = (action: string, changes: Record<string, unknown> = {}) =>
    recordAudit(db, { action, actor, subjectType: "user", subjectId: method.userId, changes: { uid, ...changes } }, clock.now());

  if (!methodCodeMatches(sealer, claimed, code.trim())) {
    await audit("recovery_method.verify.fail", { attempts: claimed.attempts });
    throw new DomainError(MethodErrorCode.METHOD_CODE_INVALID, "Invalid verification code", { field: "code" });
  }
  const now = clock.now();
  if (!claimed.codeExpiresAt || claimed.codeExpiresAt <= now) {
    await db.transaction(async (tx) => {
      const [user] = await tx.select().from(tables.users).where(eq(tables.users.id, method.userId));
      await restartVerification(tx, sealer, user!, claimed, now);
      await recordAudit(tx, { action: "recovery_method.restart", actor, subjectType: "user", subjectId: method.userId, changes: { uid, reason: "expired" } }, now);
    });
    throw new DomainError(MethodErrorCode.METHOD_CODE_EXPIRED, "The code has expired; a new one was sent", { field: "code" });
  }
  return db.transaction(async (tx) => {
    const [verified] = await tx
      .update(r)
      .set({ verified: true, verifiedAt: now, codeSealed: null, codeHash: null, codeExpiresAt: null, attempts: 0 })
      // Still the code just compared: a resend keeps it, a restart in between replaces it.
      .where(and(eq(r.id, method.id), eq(r.verified, false),
        sql`${r.codeSealed} is not distinct from ${claimed.codeSealed}`, sql`${r.codeHash} is not distinct from ${claimed.codeHash}`))
      .returning();
    if (!verified) {
      // A parallel request verified it (fine) or restarted it (this code is no longer the one).
      const current = await methodByUid(tx, uid);
      if (current?.verified) return current;
      throw new DomainError(MethodErrorCode.METHOD_CODE_INVALID, "Invalid verification code", { field: "code" });
    }
    await recordAudit(tx, { action: "recovery_method.verify", actor, subjectType: "user", subjectId: method.userId, changes: { uid, verified: true } }, now);
    return verified;
  });
}
