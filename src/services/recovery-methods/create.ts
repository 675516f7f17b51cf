import { isEmail } from "class-validator";
import { and, eq } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { RecoveryMethodRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { findOwner, ownerGiven, type Owner } from "../mfa/owner.js";
import { newMethodUid, type MethodCodeSealer } from "./codes.js";
import { MethodErrorCode } from "./error-codes.js";
import { restartVerification } from "./restart.js";

export interface CreateMethodInput {
  owner: Owner;
  value: unknown;
}

/**
 * POST /method, checks in the deployed order (reference §5). A value the user already has
 * verified is a conflict (the rule); an unverified one starts its verification again.
 */
export async function createMethod({ db, clock }: ServiceDeps, sealer: MethodCodeSealer, input: CreateMethodInput, actor: Actor): Promise<RecoveryMethodRow> {
  if (typeof input.value !== "string") throw new DomainError(MethodErrorCode.METHOD_VALUE_REQUIRED, "value is required", { field: "value" });
  if (!ownerGiven(input.owner)) throw new DomainError(MethodErrorCode.METHOD_EMPLOYEE_ID_REQUIRED, "employee_id is required", { field: "employeeId" });
  const user = await findOwner(db, input.owner);
  if (!user) throw new DomainError(MethodErrorCode.METHOD_USER_NOT_FOUND, "employee_id not found", { field: "employeeId" });
  const value = input.value.trim().toLowerCase();
  if (!isEmail(value) || value.length > 255) {
    throw new DomainError(MethodErrorCode.METHOD_VALUE_INVALID, "Validation failed, error: Value is not a valid email address.", { field: "value" });
  }
  return db.transaction(async (tx) => {
    // One add at a time per user, so a value cannot be inserted twice by a race.
    await tx.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, user.id)).for("update");
    const now = clock.now();
    const r = tables.recoveryMethods;
    const [existing] = await tx.select().from(r).where(and(eq(r.userId, user.id), eq(r.value, value))).limit(1);
    if (existing?.verified) throw new DomainError(MethodErrorCode.METHOD_EXISTS, "A verified recovery method with this value already exists", { field: "value" });
    const method = existing ?? (await insertMethod(tx, user.id, value, false, now));
    const row = await restartVerification(tx, sealer, user, method, now);
    await recordAudit(tx, { action: existing ? "recovery_method.restart" : "recovery_method.create", actor, subjectType: "user", subjectId: user.id, changes: { uid: row.uid, value } }, now);
    return row;
  });
}

async function insertMethod(tx: Db, userId: string, value: string, verified: boolean, now: Date): Promise<RecoveryMethodRow> {
  const [row] = await tx
    .insert(tables.recoveryMethods)
    .values({ uid: newMethodUid(), userId, value, verified, createdAt: now, verifiedAt: verified ? now : null })
    .returning();
  return row!;
}

/**
 * A method that needs no verification: the personal address a user is created with (reference §1).
 * Runs in the caller's transaction; a value the user has already is left as it is.
 */
export async function addVerifiedMethod(tx: Db, userId: string, value: string, actor: Actor, now: Date): Promise<void> {
  const lowered = value.trim().toLowerCase();
  const r = tables.recoveryMethods;
  const [existing] = await tx.select({ id: r.id }).from(r).where(and(eq(r.userId, userId), eq(r.value, lowered))).limit(1);
  if (existing) return;
  const row = await insertMethod(tx, userId, lowered, true, now);
  await recordAudit(tx, { action: "recovery_method.create", actor, subjectType: "user", subjectId: userId, changes: { uid: row.uid, value: lowered, verified: true } }, now);
}
