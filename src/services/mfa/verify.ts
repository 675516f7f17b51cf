import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { tables, type Db } from "#src/db/index.js";
import type { MfaRow, UserRow } from "#src/db/schema/index.js";
import type { Actor } from "../access/index.js";
import { recordAudit } from "../audit/index.js";
import type { ServiceDeps } from "../deps/index.js";
import { DomainError } from "../errors/index.js";
import { announceVerified } from "./announce.js";
import { claimAttempt, clearFailures, MAX_RECENT_FAILURES, releaseAttempt } from "./attempts.js";
import { BACKUP_CODES_BEFORE_NAG, codeHash } from "./codes.js";
import { optionView, type MfaOptionView } from "./data.js";
import { mailUser } from "./emails.js";
import { MfaErrorCode } from "./error-codes.js";
import { labelOrDefault, nextCredentialLabel } from "./labels.js";
import { findOwner, ownerGiven, type Owner } from "./owner.js";
import { mfaOfUser, viewsOf } from "./queries.js";
import { rpOriginAllowed, type MfaSettings } from "./settings.js";
import { checkTotp, openTotpSecret } from "./totp.js";
import { finishAuthentication, finishRegistration, keyHandleHash, parseBrowserResponse } from "./webauthn.js";

export interface VerifyMfaInput {
  owner: Owner;
  mfaId: number;
  /** A code (non-digits are dropped), or a WebAuthn browser response as an object or its JSON text. */
  value: unknown;
  rpOrigin?: string | null;
  /** Empty for a plain verification; "registration" finishes a WebAuthn enrolment. */
  kind?: string | null;
  /** The new WebAuthn key's label. */
  label?: string | null;
}

/** A verification that passed: its changes, run in the transaction that also records the success. */
type Success = (tx: Db, mfa: MfaRow) => Promise<{ addedKey?: string } | void>;
type Outcome = Success | undefined;

/** Thrown by a check that found the value wrong; the booked attempt then stays a failure. */
const wrongValue = new DomainError(MfaErrorCode.MFA_VALUE_INVALID, "the value is not valid", { field: "value" });

function checkKind(type: string, kind: string | null | undefined): void {
  if (!kind) return;
  if (type === "webauthn") {
    if (kind !== "registration") throw new DomainError(MfaErrorCode.MFA_WEBAUTHN_VERIFY_KIND, `Unsupported verification type for a webauthn mfa: ${kind}`);
    return;
  }
  const code = type === "backupcode" ? MfaErrorCode.MFA_BACKUPCODE_VERIFY_KIND : type === "totp" ? MfaErrorCode.MFA_TOTP_VERIFY_KIND : MfaErrorCode.MFA_MANAGER_VERIFY_KIND;
  throw new DomainError(code, `A non-blank verification type is not allowed when verifying a mfa of type ${type}`);
}

/** The checks of /mfa/{id}/verify in the deployed order, up to the rate limit (reference §4). */
async function checkVerify(db: Db, settings: MfaSettings, input: VerifyMfaInput): Promise<{ user: UserRow; mfa: MfaRow; value: unknown }> {
  if (input.value === null || input.value === undefined) throw new DomainError(MfaErrorCode.MFA_VALUE_REQUIRED, "Value is required for verification", { field: "value" });
  if (!ownerGiven(input.owner)) throw new DomainError(MfaErrorCode.MFA_VERIFY_EMPLOYEE_ID_REQUIRED, "employee_id is required", { field: "employeeId" });
  const user = await findOwner(db, input.owner);
  if (!user) throw new DomainError(MfaErrorCode.MFA_VERIFY_EMPLOYEE_NOT_FOUND, "Invalid employee_id", { field: "employeeId" });
  const mfa = await mfaOfUser(db, user.id, input.mfaId);
  if (!mfa) throw new DomainError(MfaErrorCode.MFA_VERIFY_NOT_FOUND, `MFA record for id ${input.mfaId} not found`);
  if (!rpOriginAllowed(settings, input.rpOrigin)) throw new DomainError(MfaErrorCode.MFA_VERIFY_RP_ORIGIN_INVALID, "Invalid rpOrigin", { field: "rpOrigin" });
  checkKind(mfa.type, input.kind);
  return { user, mfa, value: mfa.type === "webauthn" ? input.value : digitsOf(input.value) };
}

/**
 * Codes are digits; spaces and dashes between them are dropped ("1234 5678" works, as deployed).
 * Anything else is not a guess at all, refused before it could count as a failed attempt.
 */
function digitsOf(value: unknown): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  const digits = typeof text === "string" ? text.replace(/[\s\-.]/g, "") : "";
  if (!/^\d{1,32}$/.test(digits)) throw new DomainError(MfaErrorCode.MFA_VALUE_NOT_NUMERIC, "value must be a numeric code", { field: "value" });
  return digits;
}

const credentialsOf = (db: Db, mfaId: number) =>
  db.select().from(tables.mfaWebauthnCredentials).where(eq(tables.mfaWebauthnCredentials.mfaId, mfaId));

/** Codes are spent by one DELETE: two requests with the same code cannot both pass. */
function checkCode(settings: MfaSettings, mfa: MfaRow, value: unknown, now: Date): Outcome {
  if (typeof value !== "string" || value === "") return undefined;
  // A code hashed under a previous SECRETS_KEY still matches during a rotation.
  const hashes = settings.keys().codesAccepted.map((key) => codeHash(key, mfa.id, value));
  return async (tx) => {
    const c = tables.mfaCodes;
    const spent = await tx
      .delete(c)
      .where(and(eq(c.mfaId, mfa.id), inArray(c.codeHash, hashes), or(isNull(c.expiresAt), gt(c.expiresAt, now))))
      .returning({ id: c.id });
    if (spent.length === 0) throw wrongValue;
  };
}

/** A TOTP step is accepted once: the stored last step only moves forward, by a conditional UPDATE. */
async function checkTotpValue(settings: MfaSettings, mfa: MfaRow, value: unknown, now: Date): Promise<Outcome> {
  if (typeof value !== "string" || !mfa.totpSecretSealed) return undefined;
  const secret = openTotpSecret(settings.keys().totp, mfa.id, mfa.totpSecretSealed);
  const step = await checkTotp(secret, value, now, mfa.totpLastStep);
  if (step === undefined) return undefined;
  return async (tx) => {
    const m = tables.mfas;
    const moved = await tx
      .update(m)
      .set({ totpLastStep: step })
      .where(and(eq(m.id, mfa.id), or(isNull(m.totpLastStep), lt(m.totpLastStep, step))))
      .returning({ id: m.id });
    if (moved.length === 0) throw wrongValue;
  };
}

async function checkAssertion(db: Db, settings: MfaSettings, mfa: MfaRow, value: unknown, rpOrigin: string | null | undefined, now: Date): Promise<Outcome> {
  const response = parseBrowserResponse<AuthenticationResponseJSON>(value);
  if (!response) return undefined;
  const checked = await finishAuthentication(db, settings, mfa.id, await credentialsOf(db, mfa.id), response, rpOrigin, now).catch(() => undefined);
  if (!checked) return undefined;
  return async (tx) => {
    const w = tables.mfaWebauthnCredentials;
    // The counter only moves forward, also against a parallel request with the same key.
    const moved = await tx
      .update(w)
      .set({ signCount: checked.newCounter, lastUsedAt: now })
      .where(and(eq(w.id, checked.credential.id), or(lt(w.signCount, checked.newCounter), sql`${w.signCount} = 0 and ${checked.newCounter} = 0`)))
      .returning({ id: w.id });
    if (moved.length === 0) throw wrongValue;
  };
}

async function checkRegistration(db: Db, settings: MfaSettings, mfa: MfaRow, input: VerifyMfaInput, value: unknown, label: string | undefined, now: Date): Promise<Success> {
  const response = parseBrowserResponse<RegistrationResponseJSON>(value);
  const failed = (reason: string) => new DomainError(MfaErrorCode.MFA_WEBAUTHN_REGISTRATION_FAILED, `WebAuthn registration failed: ${reason}`, { field: "value" });
  if (!response) throw failed("the value is not a browser registration response");
  const credential = await finishRegistration(db, settings, mfa.id, response, input.rpOrigin, now).catch((error: unknown) => {
    throw failed(error instanceof Error ? error.message : "the attestation did not verify");
  });
  return async (tx) => {
    const existing = await credentialsOf(tx, mfa.id);
    const keyLabel = label ?? nextCredentialLabel(existing.map((c) => c.label));
    const inserted = await tx
      .insert(tables.mfaWebauthnCredentials)
      .values({ mfaId: mfa.id, ...credential, keyHandleHash: keyHandleHash(credential.credentialId), label: keyLabel, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: tables.mfaWebauthnCredentials.id });
    if (inserted.length === 0) throw failed("this key is already registered");
    return { addedKey: keyLabel };
  };
}

export async function verifyMfa({ db, clock }: ServiceDeps, settings: MfaSettings, input: VerifyMfaInput, actor: Actor): Promise<MfaOptionView> {
  const { user, mfa, value } = await checkVerify(db, settings, input);
  const registering = mfa.type === "webauthn" && input.kind === "registration";
  const label = registering && input.label?.trim() ? labelOrDefault(input.label, "") : undefined;
  if (mfa.type === "webauthn" && !registering && (await credentialsOf(db, mfa.id)).length === 0) {
    throw new DomainError(MfaErrorCode.MFA_WEBAUTHN_NO_CREDENTIALS, `MFA record for id ${mfa.id} has no security keys`);
  }
  const now = clock.now();
  const attempt = await claimAttempt(db, mfa.id, now);
  let outcome: Outcome;
  try {
    if (registering) outcome = await checkRegistration(db, settings, mfa, input, value, label, now);
    else if (mfa.type === "totp") outcome = await checkTotpValue(settings, mfa, value, now);
    else if (mfa.type === "webauthn") outcome = await checkAssertion(db, settings, mfa, value, input.rpOrigin, now);
    else outcome = checkCode(settings, mfa, value, now);
    if (outcome) return await succeed(db, user, mfa, outcome, actor, now);
  } catch (error) {
    if (error !== wrongValue) {
      await releaseAttempt(db, attempt);
      throw error;
    }
  }
  await db.transaction(async (tx) => {
    await recordAudit(tx, { action: "mfa.verify.fail", actor, subjectType: "user", subjectId: user.id, changes: { mfaId: mfa.id, type: mfa.type } }, now);
    if (attempt.position === MAX_RECENT_FAILURES) await mailUser(tx, user, "mfa-rate-limit", now);
  });
  throw wrongValue;
}

/** Records a passed verification; a check that loses a race inside `apply` throws wrongValue and rolls back. */
function succeed(db: Db, user: UserRow, mfa: MfaRow, apply: Success, actor: Actor, now: Date): Promise<MfaOptionView> {
  return db.transaction(async (tx) => {
    const effect = await apply(tx, mfa);
    const m = tables.mfas;
    const [updated] = await tx.update(m).set({ lastUsedAt: now, verified: true }).where(eq(m.id, mfa.id)).returning();
    if (!updated) throw wrongValue;
    await clearFailures(tx, mfa.id);
    const [view] = await viewsOf(tx, [updated], now);
    // Any verified sign-in ends the emergency: outstanding manager and recovery-contact codes go.
    await tx.delete(m).where(and(eq(m.userId, user.id), inArray(m.type, ["manager", "recovery"])));
    if (!mfa.verified) await announceVerified(tx, user, updated, now);
    else if (effect?.addedKey) await mailUser(tx, user, "mfa-option-added", now, effect.addedKey);
    if (mfa.type === "backupcode" && view!.codeCount < BACKUP_CODES_BEFORE_NAG) await mailUser(tx, user, "refresh-backup-codes", now, view!.codeCount);
    const changes = { mfaId: mfa.id, type: mfa.type, ...(effect?.addedKey ? { addedKey: effect.addedKey } : {}), ...(mfa.verified ? {} : { verified: true }) };
    await recordAudit(tx, { action: "mfa.verify", actor, subjectType: "user", subjectId: user.id, changes }, now);
    return optionView(view!);
  });
}
